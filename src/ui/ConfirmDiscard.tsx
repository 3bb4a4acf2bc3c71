// Asked before a change throws away trained steps: what would be lost, what the change is, and
// keeping the run as the default answer (Escape and the first button keep it). The question's
// title takes the focus, not a button: the Enter that committed a field would otherwise press it.
import { useEffect, useRef } from 'react';
import type { DiscardQuestion } from './discardGate';

export function ConfirmDiscard({ question, onAnswer }: { question: DiscardQuestion; onAnswer(discard: boolean): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    title.current?.focus();
    return () => d?.close();
  }, []);
  const { steps, state, changes } = question;
  const where = state === 'running' ? 'Training is running' : state === 'done' ? 'The run has finished' : 'The run is paused';
  return (
    <dialog
      ref={dialog}
      className="confirm"
      data-testid="confirm-discard"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        onAnswer(false);
      }}
    >
      <h2 id="confirm-title" ref={title} tabIndex={-1}>
        Discard {steps.toLocaleString('en-US')} trained step{steps === 1 ? '' : 's'}?
      </h2>
      <p>
        {where}. This change starts a new run from step 0: the charts, metrics and model of this one are thrown away.
      </p>
      {changes.length > 0 && (
        <ul className="changes">
          {changes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
      <div className="row">
        <button type="button" className="primary" onClick={() => onAnswer(false)}>
          Keep the run
        </button>
        <button type="button" className="danger" onClick={() => onAnswer(true)}>
          Discard and change
        </button>
      </div>
    </dialog>
  );
}
