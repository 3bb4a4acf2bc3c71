// Saved pre-trained encoders (IndexedDB, in the worker): pick one to fine-tune from,
// download it as a file, upload a teammate's, delete.
import { useCallback, useEffect, useState } from 'react';
import type { EncoderInfo } from '../../worker/protocol';

export interface EncoderApi {
  list(): Promise<EncoderInfo[]>;
  download(name: string): Promise<ArrayBuffer>;
  upload(file: File): Promise<EncoderInfo>;
  remove(name: string): Promise<void>;
}

interface Props {
  api: EncoderApi;
  /** The encoder the run fine-tunes from ('' = none chosen). */
  selected: string;
  disabled: boolean;
  onSelect(name: string): void;
  /** Changes when a run saves a new encoder, to refresh the list. */
  refreshKey: string;
}

export function EncoderLibrary({ api, selected, disabled, onSelect, refreshKey }: Props) {
  const [items, setItems] = useState<EncoderInfo[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const refresh = useCallback(() => api.list().then(setItems, (e: Error) => setMessage(e.message)), [api]);
  useEffect(() => void refresh(), [refresh, refreshKey]);
  const download = async (name: string) => {
    const bytes = await api.download(name);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    a.download = `${name}.smoe`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };
  const upload = async (file: File | undefined) => {
    if (!file) return;
    try {
      const info = await api.upload(file);
      setMessage(`Uploaded ${info.name} (${info.model.type}, d_model ${info.model.dModel}, pre-trained on ${info.dataName}).`);
      await refresh();
      onSelect(info.name);
    } catch (e) {
      setMessage(`${file.name}: ${(e as Error).message}`);
    }
  };
  return (
    <div className="encoders" data-testid="encoder-library">
      <h3>Saved encoders (this browser)</h3>
      {items.length === 0 && <p className="hint">None yet: a run with MCP pre-training saves its encoder here.</p>}
      <ul>
        {items.map((e) => (
          <li key={e.name} data-testid="saved-encoder" data-name={e.name}>
            <label>
              <input type="radio" name="saved-encoder" checked={selected === e.name} disabled={disabled} onChange={() => onSelect(e.name)} /> <code>{e.name}</code>
            </label>{' '}
            <small>
              {e.model.type}, d {e.model.dModel}, {e.model.numBlocks} block(s), E {e.model.numExperts}; {e.pretrain.steps} MCP steps on {e.dataName}
            </small>{' '}
            <button type="button" className="link" onClick={() => void download(e.name)}>
              download
            </button>{' '}
            <button type="button" className="link" disabled={disabled} onClick={() => void api.remove(e.name).then(refresh)}>
              delete
            </button>
          </li>
        ))}
      </ul>
      <label className="field">
        <span>Upload an encoder file (.smoe)</span>
        <input type="file" accept=".smoe,application/octet-stream" data-testid="encoder-upload" disabled={disabled} onChange={(e) => void upload(e.target.files?.[0])} />
      </label>
      {message && <p className="hint">{message}</p>}
    </div>
  );
}
