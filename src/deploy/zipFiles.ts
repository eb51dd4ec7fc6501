/**
 * Deterministic ZIPs of the Lambda artifacts (yazl): entries sorted, fixed timestamps and modes,
 * so the same bundle always gives the same bytes and an unchanged function is not redeployed.
 * And a reader (yauzl), for tests that open the very artifacts that would be uploaded.
 */
import yauzl from 'yauzl';
import yazl from 'yazl';

export interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
}

/**
 * Every entry's metadata. The mtime is 1980-01-01 00:00 in local time, which yazl encodes as the
 * DOS date/time 0x0021/0x0000 whatever the time zone; `forceDosTimestamp` leaves out yazl's default
 * Info-ZIP "UT" extra field, whose Unix seconds would differ from one build machine's time zone to
 * the next (and with them the bytes, so every deploy from CI or a laptop would upload again).
 * Level 9, as the artifacts are built once and uploaded many times.
 */
const ENTRY_OPTIONS = {
  mtime: new Date(1980, 0, 1, 0, 0, 0),
  mode: 0o100644,
  compress: true,
  compressionLevel: 9,
  forceDosTimestamp: true,
} as const;

/** The ZIP of `entries`, sorted by name, deflated, with fixed timestamps and file modes. */
export function zipBytes(entries: readonly ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    zip.addBuffer(Buffer.from(e.data), e.name, ENTRY_OPTIONS);
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** The entries of a ZIP, in the archive's order. */
export function unzipBytes(zip: Buffer): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, archive) => {
      if (error || !archive) return reject(error ?? new Error('not a ZIP'));
      const entries: ZipEntry[] = [];
      archive.on('error', reject);
      archive.on('end', () => resolve(entries));
      archive.on('entry', (entry: yauzl.Entry) => {
        archive.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream)
            return reject(streamError ?? new Error(`cannot read ${entry.fileName}`));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.push({ name: entry.fileName, data: Buffer.concat(chunks) });
            archive.readEntry();
          });
        });
      });
      archive.readEntry();
    });
  });
}
