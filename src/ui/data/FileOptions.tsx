// How the file is read (format, delimiter, header, text encoding): shown as detected, and
// changing one reads the file again that way.
import type { DelimiterChoice, FileFormat, HeaderChoice, TextEncoding } from '../../run/runSpec';
import type { FilePreview } from '../../worker/protocol';
import type { ReadSettings } from './openedFile';

const DELIMITERS: [DelimiterChoice, string][] = [
  [',', 'comma'],
  ['\t', 'tab'],
  [';', 'semicolon'],
  ['|', 'pipe'],
  [' ', 'space'],
];

interface Props {
  settings: ReadSettings;
  preview: FilePreview;
  disabled: boolean;
  onReread(settings: ReadSettings): void;
}

export function FileOptions({ settings, preview, disabled, onReread }: Props) {
  const { layout } = preview;
  const detected = (auto: boolean, text: string) => (auto ? `auto (${text})` : 'auto');
  const delimiterName = DELIMITERS.find(([d]) => d === layout.delimiter)?.[1] ?? layout.delimiter;
  return (
    <div className="grid file-options" data-testid="file-options">
      <label className="field">
        <span>Rows are</span>
        <select aria-label="file format" value={settings.format} disabled={disabled} onChange={(e) => onReread({ ...settings, format: e.target.value as FileFormat })}>
          <option value="auto">{detected(settings.format === 'auto', layout.format === 'events' ? 'events' : 'users')}</option>
          <option value="events">one event each</option>
          <option value="sequences">one user each (lists)</option>
        </select>
      </label>
      <label className="field">
        <span>Delimiter</span>
        <select aria-label="delimiter" value={settings.delimiter} disabled={disabled} onChange={(e) => onReread({ ...settings, delimiter: e.target.value as DelimiterChoice })}>
          <option value="auto">{detected(settings.delimiter === 'auto', delimiterName)}</option>
          {DELIMITERS.map(([d, name]) => (
            <option key={name} value={d}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Header row</span>
        <select aria-label="header row" value={settings.header} disabled={disabled} onChange={(e) => onReread({ ...settings, header: e.target.value as HeaderChoice })}>
          <option value="auto">{detected(settings.header === 'auto', layout.header ? 'yes' : 'no')}</option>
          <option value="yes">yes</option>
          <option value="no">no</option>
        </select>
      </label>
      <label className="field">
        <span>Text encoding</span>
        <select aria-label="text encoding" value={settings.encoding} disabled={disabled} onChange={(e) => onReread({ ...settings, encoding: e.target.value as TextEncoding })}>
          <option value="utf-8">UTF-8</option>
          <option value="latin1">Latin-1 / Windows-1252</option>
        </select>
      </label>
    </div>
  );
}
