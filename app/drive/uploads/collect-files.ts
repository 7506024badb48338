/**
 * What the user picked or dropped, as files with the folders they sit in (relative to the folder
 * being viewed) and every folder of the tree, empty ones included. Dropped folders are walked with
 * `webkitGetAsEntry()` (every current browser has it); a folder picked with the "Upload folder"
 * input comes with `webkitRelativePath`.
 */

export interface PickedFile {
  file: File;
  /** Folders below the target, outermost first: ["Trip", "Day 1"] for Trip/Day 1/a.jpg. */
  dirs: string[];
}

export interface Picked {
  files: PickedFile[];
  /** Every folder of the picked trees, parents before children. */
  folders: string[][];
}

/** From an `<input type="file">`'s list (with or without `webkitdirectory`). */
export function fromFileList(list: FileList | readonly File[]): Picked {
  const files: PickedFile[] = [];
  const folders = new Map<string, string[]>();
  for (const file of Array.from(list)) {
    const parts = (file.webkitRelativePath || file.name).split("/").filter(Boolean);
    const dirs = parts.slice(0, -1);
    for (let i = 1; i <= dirs.length; i++) folders.set(dirs.slice(0, i).join("/"), dirs.slice(0, i));
    files.push({ file, dirs });
  }
  return { files: sortFiles(files), folders: [...folders.values()] };
}

type DropItem = { entry: FileSystemEntry } | { file: File };

/**
 * Takes what a drop carries. Must run inside the `drop` event handler: the items are gone after it
 * returns. The walk that follows (`collectDrop`) is asynchronous.
 */
export function snapshotDrop(data: DataTransfer): DropItem[] {
  const out: DropItem[] = [];
  if (data.items && data.items.length > 0) {
    for (const item of Array.from(data.items)) {
      if (item.kind !== "file") continue;
      const entry = typeof item.webkitGetAsEntry === "function" ? item.webkitGetAsEntry() : null;
      if (entry) {
        out.push({ entry });
      } else {
        // No file system entry (a File put into a DataTransfer by script): the file itself.
        const file = item.getAsFile();
        if (file) out.push({ file });
      }
    }
    return out;
  }
  for (const file of Array.from(data.files)) out.push({ file });
  return out;
}

/** Walks dropped folders; files and folders in name order. */
export async function collectDrop(items: readonly DropItem[]): Promise<Picked> {
  const picked: Picked = { files: [], folders: [] };
  for (const item of items) {
    if ("file" in item) picked.files.push({ file: item.file, dirs: [] });
    else await walk(item.entry, [], picked);
  }
  picked.files = sortFiles(picked.files);
  return picked;
}

async function walk(entry: FileSystemEntry, dirs: string[], out: Picked): Promise<void> {
  if (isFileEntry(entry)) {
    const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
    out.files.push({ file, dirs });
    return;
  }
  if (!isDirectoryEntry(entry)) return;
  const here = [...dirs, entry.name];
  out.folders.push(here);
  const reader = entry.createReader();
  const children: FileSystemEntry[] = [];
  // readEntries hands out a directory in batches (100 at a time in Chromium) until an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) break;
    children.push(...batch);
  }
  children.sort((a, b) => a.name.localeCompare(b.name));
  for (const child of children) await walk(child, here, out);
}

function isFileEntry(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectoryEntry(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}

/** Shallow files first, then folder by folder, names in order: uploads then fill the listing predictably. */
function sortFiles(files: PickedFile[]): PickedFile[] {
  const key = (f: PickedFile) => [...f.dirs, f.file.name].join("\u0000");
  return files.sort((a, b) => a.dirs.length - b.dirs.length || key(a).localeCompare(key(b)));
}

/** True when a drag carries files from outside the page (not, say, a row being dragged). */
export function carriesFiles(data: DataTransfer | null): boolean {
  return !!data && Array.from(data.types).includes("Files");
}
