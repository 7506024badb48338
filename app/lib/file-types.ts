/**
 * What kind of file a name and media type describe: which icon it gets and how it is previewed.
 * The server derives `mimeType` from the name; a few extensions it maps to unhelpful types
 * (.ts is "video/mp2t") are decided by extension first.
 */

export type FileKind = "image" | "video" | "audio" | "pdf" | "text" | "archive" | "other";

const TEXT_EXTENSIONS = new Set(
  (
    "txt md markdown rst csv tsv log ini cfg conf toml yaml yml json jsonc json5 xml html htm svg css scss " +
    "less js mjs cjs jsx ts mts cts tsx py rb go rs java kt kts c h cc cpp cxx hpp hh cs swift m mm php pl " +
    "pm lua r sql sh bash zsh fish ps1 bat cmd make mk dockerfile gradle properties env gitignore " +
    "gitattributes editorconfig graphql gql proto tf hcl vue svelte astro elm ex exs erl hs ml clj scala " +
    "dart zig nim diff patch tex bib srt vtt"
  ).split(" "),
);

const TEXT_TYPES =
  /^(text\/|application\/(json|ld\+json|xml|javascript|x-javascript|ecmascript|x-sh|x-shellscript|toml|yaml|x-yaml|sql|graphql|x-httpd-php|x-tex)\b)/;

const ARCHIVE_EXTENSIONS = new Set("zip tar gz tgz bz2 xz 7z rar zst".split(" "));

/** Types Chromium, Firefox and Safari play or show (others get "no preview"). */
const PLAYABLE_VIDEO = /^video\/(mp4|webm|ogg|quicktime)$/;
const PLAYABLE_AUDIO = /^audio\/(mpeg|mp3|mp4|aac|ogg|wav|x-wav|wave|webm|flac|x-flac|opus)$/;
const SHOWN_IMAGE = /^image\/(png|jpeg|gif|webp|avif|bmp|x-icon|vnd\.microsoft\.icon)$/;

export function extensionOf(name: string): string {
  const lower = name.toLowerCase();
  const dot = lower.lastIndexOf(".");
  if (dot <= 0) return lower === "dockerfile" || lower === "makefile" ? lower.replace("file", "") : "";
  return lower.slice(dot + 1);
}

/** The kind that decides the icon. */
export function fileKind(name: string, mimeType: string): FileKind {
  const ext = extensionOf(name);
  if (ext === "pdf" || mimeType === "application/pdf") return "pdf";
  if (TEXT_EXTENSIONS.has(ext) || TEXT_TYPES.test(mimeType)) return "text";
  if (mimeType.startsWith("image/")) return "image";
  if (mimeType.startsWith("video/")) return "video";
  if (mimeType.startsWith("audio/")) return "audio";
  if (ARCHIVE_EXTENSIONS.has(ext)) return "archive";
  return "other";
}

/** How the preview page shows the file: the kind, or "none" when the browser can't. */
export function previewKind(name: string, mimeType: string): FileKind | "none" {
  const kind = fileKind(name, mimeType);
  switch (kind) {
    case "text":
    case "pdf":
      return kind;
    case "image":
      // SVG is served as a download (it could run script): it is shown as text instead.
      if (mimeType === "image/svg+xml") return "text";
      return SHOWN_IMAGE.test(mimeType) ? "image" : "none";
    case "video":
      return PLAYABLE_VIDEO.test(mimeType) ? "video" : "none";
    case "audio":
      return PLAYABLE_AUDIO.test(mimeType) ? "audio" : "none";
    default:
      return "none";
  }
}

/** Text files can be edited and compared. */
export function isTextFile(name: string, mimeType: string): boolean {
  return previewKind(name, mimeType) === "text";
}
