// The kinds of input channel an event carries (README §Model 1) and the roles a column of a
// log can play: one list each, read by the run schema, the data loader, the model and the UI.

/** category: a small vocabulary; id: a huge one (hashed OOV buckets, sharded tables); dense: a number. */
export const CHANNEL_KINDS = ['category', 'id', 'dense'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
/** The kinds looked up in an embedding table. */
export type DiscreteKind = Exclude<ChannelKind, 'dense'>;

/** How a column of a log is used: who, when, an input channel of one kind, a label, or not at all. */
export const COLUMN_ROLES = ['user', 'time', ...CHANNEL_KINDS, 'label', 'ignore'] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];
