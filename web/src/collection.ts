// A collection of messages on the page (issue 14): several .eml files, a folder, or an mbox, each
// message analysed by a pool of workers (one per core), the reports grouped into sending streams by
// the core's "inventory" method. Nothing here judges a message: it gathers files, cuts mboxes with
// the core, schedules, counts progress, and hands the reports to the core.
import type { Inventory } from './generated/inventory';
import type { CollectionMessage } from './render/inventory';

/**
 * What the core's inventory needs of one message ($defs/facts of schema/inventory.schema.json, from
 * the wasm method inventory.facts): about 1 % of a report, so a collection of thousands of messages
 * stays small. The page passes them back to the core untouched.
 */
export type MessageFacts = { dmarc: string } & Record<string, unknown>;

/** One file of the collection, named by its path inside the chosen folder (or its name). */
export interface CollectionFile {
  path: string;
  file: File;
}

/** What the page's workers do for a collection (main.ts implements it with the pool). */
export interface CollectionRunner {
  slots: number;
  /** The core's mbox splitter; null when the bytes are one message. */
  split(bytes: Uint8Array): Promise<Array<{ index: number; bytes?: Uint8Array; tooLarge?: boolean }> | null>;
  /** One message's analysis on worker `slot`, kept as its facts. */
  analyze(slot: number, bytes: Uint8Array, source: { path: string; index: number }): Promise<MessageFacts>;
  /** The core's grouping (positions in "members" are positions in `facts`). */
  inventory(facts: MessageFacts[], unreadable: number, extra?: { csv?: boolean }): Promise<Inventory>;
}

export interface CollectionProgress {
  phase: 'reading' | 'analysing' | 'done' | 'stopped';
  done: number; // messages finished (analysed or not)
  total: number; // messages found so far (all of them once reading is over)
  filesRead: number;
  files: number;
  perSecond: number;
}

/** One message with what became of it; `file` is its position in the collection's files (to open it again). */
export interface CollectionEntry extends CollectionMessage {
  file: number;
  facts?: MessageFacts;
}

/** Every file of a drop: folders are walked (in name order, as the CLI walks a directory). */
export async function filesFromDrop(dt: DataTransfer): Promise<CollectionFile[]> {
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (!entries.length) return [...dt.files].map((file) => ({ path: file.name, file }));
  const out: CollectionFile[] = [];
  const walk = async (e: FileSystemEntry, prefix: string): Promise<void> => {
    if (e.isFile) {
      const file = await new Promise<File>((ok, fail) => (e as FileSystemFileEntry).file(ok, fail));
      out.push({ path: prefix + e.name, file });
    } else if (e.isDirectory) {
      const reader = (e as FileSystemDirectoryEntry).createReader();
      const kids: FileSystemEntry[] = [];
      // readEntries returns the folder in batches until an empty one.
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
        if (!batch.length) break;
        kids.push(...batch);
      }
      kids.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const k of kids) await walk(k, `${prefix}${e.name}/`);
    }
  };
  for (const e of entries) await walk(e, '');
  return sortFiles(out);
}

/** The files of a file input (several files, or a folder through webkitdirectory). */
export function filesFromInput(input: HTMLInputElement): CollectionFile[] {
  return sortFiles([...(input.files ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file })));
}

/**
 * Name order by bytes of the path, as `authlens analyze DIR` reads a directory; in a Maildir (a folder
 * with messages in both cur/ and new/) only cur/ and new/ are read, as the CLI does (tmp/ holds
 * messages still being written, and the folder's own files are the mail program's indexes).
 */
function sortFiles(files: CollectionFile[]): CollectionFile[] {
  const dirs = (sub: string) => new Set(files.map((f) => /^(.*\/)?([^/]+)\/[^/]+$/.exec(f.path)).filter((m) => m?.[2] === sub).map((m) => m![1] ?? ''));
  const cur = dirs('cur');
  const maildirs = [...dirs('new')].filter((d) => cur.has(d));
  const kept = files.filter((f) => !maildirs.some((d) => f.path.startsWith(d) && !/^(cur|new)\/[^/]+$/.test(f.path.slice(d.length))));
  return kept.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A file that starts like an mbox ("From " line): several messages to cut. */
export function looksLikeMbox(head: Uint8Array): boolean {
  const from = [0x46, 0x72, 0x6f, 0x6d, 0x20]; // "From "
  return head.length >= 5 && from.every((c, i) => head[i] === c);
}

/**
 * Reads, cuts and analyses every message, `runner.slots` at a time, calling `onProgress` as it
 * goes. Stops taking new messages when `stop()` returns true. Returns every message in input order.
 */
export async function runCollection(files: CollectionFile[], runner: CollectionRunner,
  onProgress: (p: CollectionProgress, entries: CollectionEntry[]) => void, stop: () => boolean,
  clock: () => number = () => performance.now()): Promise<CollectionEntry[]> {
  const entries: CollectionEntry[] = [];
  const bytesOf: Array<Uint8Array | null> = [];
  const started = clock();
  let done = 0;
  let filesRead = 0;
  const progress = (phase: CollectionProgress['phase']) => {
    const seconds = (clock() - started) / 1000;
    onProgress({ phase, done, total: entries.length, filesRead, files: files.length, perSecond: seconds > 0 ? done / seconds : 0 }, entries);
  };
  // Reading first: the core cuts each mbox; the total is then known for the progress bar.
  for (const [file, f] of files.entries()) {
    if (stop()) break;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await f.file.arrayBuffer());
    } catch (err) {
      entries.push({ path: f.path, index: 0, mbox: false, file, error: String((err as Error)?.message ?? err) });
      bytesOf.push(null);
      done += 1;
      filesRead += 1;
      continue;
    }
    const parts = looksLikeMbox(bytes) ? await runner.split(bytes) : null;
    if (parts) {
      for (const p of parts) {
        entries.push({ path: f.path, index: p.index, mbox: true, file, ...(p.tooLarge ? { error: 'too large' } : {}) });
        bytesOf.push(p.bytes ?? null);
        if (p.tooLarge) done += 1;
      }
    } else {
      entries.push({ path: f.path, index: 0, mbox: false, file });
      bytesOf.push(bytes);
    }
    filesRead += 1;
    progress('reading');
  }
  // Analysing: every slot takes the next message until none is left.
  let next = 0;
  let lastShown = 0;
  const slot = async (n: number) => {
    for (;;) {
      if (stop()) return;
      while (next < entries.length && !bytesOf[next]) next += 1;
      if (next >= entries.length) return;
      const i = next++;
      try {
        const facts = await runner.analyze(n, bytesOf[i]!, { path: entries[i].path, index: entries[i].index });
        entries[i].facts = facts;
        entries[i].dmarc = facts.dmarc;
      } catch (err) {
        entries[i].error = String((err as Error)?.message ?? err);
      }
      bytesOf[i] = null; // the facts are kept; opening the message reads its file again
      done += 1;
      if (clock() - lastShown > 250) {
        lastShown = clock();
        progress('analysing');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, runner.slots) }, (_, n) => slot(n)));
  progress(stop() ? 'stopped' : 'done');
  return entries;
}

/**
 * The inventory of the messages analysed so far, by the core. "members" are turned into positions
 * in `entries` so the page can open each stream's messages.
 */
export async function collectionInventory(entries: CollectionEntry[], runner: Pick<CollectionRunner, 'inventory'>,
  extra: { csv?: boolean } = {}): Promise<Inventory> {
  const facts: MessageFacts[] = [];
  const owner: number[] = [];
  let unreadable = 0;
  entries.forEach((e, i) => {
    if (e.facts) {
      facts.push(e.facts);
      owner.push(i);
    } else if (e.error) {
      unreadable += 1;
    }
  });
  const inv = await runner.inventory(facts, unreadable, extra);
  if (inv.members) inv.members = inv.members.map((list) => list.map((p) => owner[p]));
  return inv;
}

/** The bytes of one message of the collection again (its file read, an mbox cut by the core). */
export async function messageBytes(entry: CollectionEntry, files: CollectionFile[], runner: Pick<CollectionRunner, 'split'>): Promise<Uint8Array | null> {
  const bytes = new Uint8Array(await files[entry.file].file.arrayBuffer());
  if (!entry.mbox) return bytes;
  const parts = await runner.split(bytes);
  return parts?.find((p) => p.index === entry.index)?.bytes ?? null;
}
