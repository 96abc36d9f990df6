/**
 * Documents' metadata (title, tags, pinned, folder, deleted, created), synced field by field with last-writer-wins on
 * hybrid-logical-clock stamps (docs/decisions/0012-metadata-sync.md, docs/protocol.md "Metadata protocol").
 *
 * <p>Immutable values: {@link dev.tandem.engine.meta.Hlc} (a stamp), {@link dev.tandem.engine.meta.MetaField} and
 * {@link dev.tandem.engine.meta.MetaValue} (what a field holds), {@link dev.tandem.engine.meta.FieldChange} (one write),
 * {@link dev.tandem.engine.meta.MetaRecord} (a document's fields), {@link dev.tandem.engine.meta.MetaMessage} (the
 * wire messages, {@link dev.tandem.engine.meta.MetaCodec}). The rule: {@link dev.tandem.engine.meta.MetaMerge}. The
 * clock: {@link dev.tandem.engine.meta.HlcClock}. Ids: {@link dev.tandem.engine.meta.DocIds} (UUIDv7).
 *
 * <p>Stores are in {@code dev.tandem.engine.store} ({@code MetaStore}, SQLite and memory); the client's sync loop
 * ({@code MetaSession}) and the relay's side ({@code MetaHub}) in {@code dev.tandem.engine.session}.
 */
package dev.tandem.engine.meta;
