/**
 * The `cairn` command line: upload a local file into a folder of your Cairn (a new version when a
 * file of that name is there already) and download a file or one of its versions, on top of
 * CairnClient. Run it as `npx cairn ...` inside the repository (bin/cairn.mjs), or
 * `node --import tsx lib/client/cli.ts ...`.
 *
 * Errors the user can act on (no token, unknown path, unreachable server, refused token) print one
 * line and exit 1; a stack trace is printed only with CAIRN_DEBUG=1.
 */
import { stat } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { CairnApiError, CairnClient } from "./cairn-client";

export const HELP = `Usage: cairn <command> [options]

Commands
  upload <local-file> [<remote-folder>]   Upload a file into a folder (default /). When the folder
                                          already has a file of that name, the upload becomes its
                                          new version and only changed chunks are sent.
  download <remote-file> [<local-path>]   Download a file (default: its name, in the current
                                          directory; into <local-path> if that is a directory).

Options
  --server <url>     Cairn server (default: $CAIRN_URL, else http://127.0.0.1:3000)
  --token <token>    Personal access token (default: $CAIRN_TOKEN; the variable keeps it out of
                     your shell history and the process list)
  --name <name>      upload: the name to give the file (default: the local file's name)
  --device <name>    upload: the device name recorded with the version (default: this host's name)
  --version <n>      download: version number n instead of the current version
  --json             Print the result as one JSON object instead of a summary line
  -h, --help         Show this help

Remote paths start at your root folder: /Documents/report.pdf. Create a token in the web app's
settings (Access tokens).
`;

const DEFAULT_SERVER = "http://127.0.0.1:3000";
const MiB = 1024 * 1024;

/** An error meant for the user: printed as one line, exit status 1. */
export class CliError extends Error {
  override name = "CliError";
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Progress on stderr (a TTY only, by default). */
  progress: boolean;
}

interface RemoteNode {
  __typename: "File" | "Folder";
  id: string;
  name: string;
  path: string;
  size?: number;
  currentVersion?: { id: string; number: number };
}

const NODE_BY_PATH = `query($path: String!) { nodeByPath(path: $path) {
  __typename id name path ... on File { size currentVersion { id number } } } }`;

/** `/a//b/` → `/a/b`; a path that does not start with `/` is taken from the root. */
export function normalizeRemotePath(p: string): string {
  const segments = p.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.includes("..")) throw new CliError(`remote paths cannot contain "..": ${p}`);
  return `/${segments.join("/")}`;
}

function joinRemote(folder: string, name: string): string {
  return folder === "/" ? `/${name}` : `${folder}/${name}`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < MiB) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * MiB) return `${(n / MiB).toFixed(1)} MiB`;
  return `${(n / 1024 / MiB).toFixed(2)} GiB`;
}

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** The remote node at `p`, or undefined when nothing lives there. */
async function lookUp(client: CairnClient, p: string): Promise<RemoteNode | undefined> {
  try {
    const { nodeByPath } = await client.gql<{ nodeByPath: RemoteNode | null }>(NODE_BY_PATH, { path: p });
    return nodeByPath ?? undefined;
  } catch (error) {
    if (error instanceof CairnApiError && error.code === "NOT_FOUND") return undefined;
    throw error;
  }
}

/** Turns what went wrong into one line a user can act on. */
export function describeError(error: unknown, server: string): string {
  if (error instanceof CliError) return error.message;
  if (error instanceof CairnApiError) {
    if (error.code === "UNAUTHENTICATED") {
      return `the server at ${server} refused the token: check --token or CAIRN_TOKEN (${error.message})`;
    }
    if (error.code === "FORBIDDEN") return `not allowed: ${error.message}`;
    return `${error.message} (${error.code})`;
  }
  if (error instanceof TypeError && error.message === "fetch failed") {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? "network error";
    return `cannot reach the Cairn server at ${server} (${why}): is it running? Set --server or CAIRN_URL`;
  }
  if (error instanceof SyntaxError) {
    return `the server at ${server} did not answer like a Cairn server (not JSON): check --server or CAIRN_URL`;
  }
  const code = (error as { code?: string } | undefined)?.code;
  if (code === "ENOENT" || code === "EACCES" || code === "EISDIR" || code === "ENOTDIR") {
    return (error as Error).message;
  }
  return error instanceof Error ? error.message : String(error);
}

interface Parsed {
  command: string | undefined;
  args: string[];
  server: string;
  token: string | undefined;
  name: string | undefined;
  device: string | undefined;
  version: number | undefined;
  json: boolean;
  help: boolean;
}

function parse(argv: string[], env: CliIo["env"]): Parsed {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        server: { type: "string" },
        token: { type: "string" },
        name: { type: "string" },
        device: { type: "string" },
        version: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}\nRun "cairn --help" for usage.`);
  }
  const server = (values.server as string | undefined) ?? env.CAIRN_URL ?? DEFAULT_SERVER;
  try {
    const url = new URL(server);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error();
  } catch {
    throw new CliError(`not an http(s) URL: ${server} (--server or CAIRN_URL)`);
  }
  let version: number | undefined;
  if (values.version !== undefined) {
    version = Number(values.version);
    if (!Number.isSafeInteger(version) || version < 1) {
      throw new CliError(`--version takes a version number (1, 2, ...): ${values.version}`);
    }
  }
  const [command, ...args] = positionals;
  return {
    command,
    args,
    server,
    token: (values.token as string | undefined) ?? env.CAIRN_TOKEN ?? undefined,
    name: values.name as string | undefined,
    device: values.device as string | undefined,
    version,
    json: values.json === true,
    help: values.help === true,
  };
}

function clientFor(opts: Parsed): CairnClient {
  if (!opts.token) {
    throw new CliError(
      "no access token: pass --token or set CAIRN_TOKEN (create one in the web app's settings, Access tokens)",
    );
  }
  return new CairnClient({ baseUrl: opts.server, token: opts.token });
}

/** One status line on stderr, redrawn at most 5 times a second: hashed and sent so far. */
function progressReporter(io: CliIo, enabled: boolean, total: number) {
  let last = 0;
  let hashed = 0;
  let sent = 0;
  return {
    update(phase: "hashing" | "sending", bytes: number) {
      if (phase === "hashing") hashed = bytes;
      else sent = bytes;
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const pct = total > 0 ? Math.floor((hashed / total) * 100) : 100;
      io.stderr(
        `\rhashed ${formatBytes(hashed)} of ${formatBytes(total)} (${pct}%), sent ${formatBytes(sent)}\x1b[K`,
      );
    },
    clear() {
      if (enabled && last > 0) io.stderr("\r\x1b[K");
    },
  };
}

async function upload(opts: Parsed, io: CliIo): Promise<void> {
  const [local, remoteFolder = "/", ...extra] = opts.args;
  if (!local || extra.length > 0) throw new CliError("usage: cairn upload <local-file> [<remote-folder>]");
  const localPath = path.resolve(io.cwd, local);
  const info = await stat(localPath).catch(() => undefined);
  if (!info) throw new CliError(`no such local file: ${local}`);
  if (!info.isFile()) throw new CliError(`not a regular file: ${local}`);
  const client = clientFor(opts);
  const folderPath = normalizeRemotePath(remoteFolder);
  const started = performance.now();
  const folder = await lookUp(client, folderPath);
  if (!folder) throw new CliError(`no such remote folder: ${folderPath}`);
  if (folder.__typename !== "Folder") throw new CliError(`not a folder: ${folderPath}`);
  const name = opts.name ?? path.basename(localPath);
  const remotePath = joinRemote(folder.path, name);
  const existing = await lookUp(client, remotePath);
  if (existing && existing.__typename !== "File")
    throw new CliError(`a folder is already named ${remotePath}`);
  const progress = progressReporter(io, io.progress && !opts.json, info.size);
  const result = await client.uploadFile(localPath, {
    parentId: folder.id,
    name,
    fileId: existing?.id ?? null,
    baseVersionId: existing?.currentVersion?.id ?? null,
    deviceName: opts.device ?? hostname(),
    onProgress: (phase, bytes) => progress.update(phase, bytes),
  });
  progress.clear();
  const ms = performance.now() - started;
  const finalPath = joinRemote(folder.path, result.file.name);
  if (opts.json) {
    io.stdout(
      `${JSON.stringify({
        path: finalPath,
        fileId: result.file.id,
        version: result.version.number,
        size: result.file.size,
        conflict: result.conflict,
        chunksTotal: result.chunksTotal,
        chunksSent: result.chunksSent,
        bytesSent: result.bytesSent,
        bytesSkipped: result.bytesSkipped,
        wire: client.wire,
        ms: Math.round(ms),
      })}\n`,
    );
    return;
  }
  const what = result.version.number === 1 ? "new file" : `version ${result.version.number}`;
  io.stdout(
    `uploaded ${local} → ${finalPath} (${what}): sent ${formatBytes(result.bytesSent)} in ` +
      `${result.chunksSent} of ${result.chunksTotal} chunks, skipped ${formatBytes(result.bytesSkipped)}, ` +
      `${formatSeconds(ms)}\n`,
  );
  if (result.conflict) {
    const why =
      result.conflict.reason === "STALE_BASE"
        ? "the file changed on the server meanwhile"
        : "the name was taken";
    io.stdout(`note: ${why}; your upload was kept as "${result.conflict.copyName}"\n`);
  }
}

async function download(opts: Parsed, io: CliIo): Promise<void> {
  const [remote, local, ...extra] = opts.args;
  if (!remote || extra.length > 0) throw new CliError("usage: cairn download <remote-file> [<local-path>]");
  const client = clientFor(opts);
  const remotePath = normalizeRemotePath(remote);
  const started = performance.now();
  const node = await lookUp(client, remotePath);
  if (!node) throw new CliError(`no such remote file: ${remotePath}`);
  if (node.__typename !== "File") throw new CliError(`${remotePath} is a folder: download takes a file`);
  let dest = path.resolve(io.cwd, local ?? node.name);
  if ((await stat(dest).catch(() => undefined))?.isDirectory()) dest = path.join(dest, node.name);
  if (!(await stat(path.dirname(dest)).catch(() => undefined))?.isDirectory()) {
    throw new CliError(`no such local folder: ${path.dirname(dest)}`);
  }
  try {
    const { bytes } = await client.downloadFile(node.id, dest, { version: opts.version });
    const ms = performance.now() - started;
    const version = opts.version ?? node.currentVersion?.number;
    if (opts.json) {
      io.stdout(
        `${JSON.stringify({ path: node.path, fileId: node.id, version, dest, bytes, ms: Math.round(ms) })}\n`,
      );
      return;
    }
    const rate = bytes / MiB / Math.max(ms / 1000, 1e-3);
    io.stdout(
      `downloaded ${node.path} (version ${version}) → ${path.relative(io.cwd, dest) || dest}: ` +
        `${formatBytes(bytes)} in ${formatSeconds(ms)} (${rate.toFixed(0)} MiB/s)\n`,
    );
  } catch (error) {
    if (error instanceof CairnApiError && error.code === "NOT_FOUND" && opts.version !== undefined) {
      throw new CliError(`${node.path} has no version ${opts.version}`);
    }
    throw error;
  }
}

/** Runs the CLI; returns the exit status. Never throws. */
export async function main(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const full: CliIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    progress: process.stderr.isTTY === true,
    ...io,
  };
  let server = full.env.CAIRN_URL ?? DEFAULT_SERVER;
  try {
    const opts = parse(argv, full.env);
    server = opts.server;
    if (opts.help || opts.command === "help") {
      full.stdout(HELP);
      return 0;
    }
    if (opts.command === "upload") await upload(opts, full);
    else if (opts.command === "download") await download(opts, full);
    else if (opts.command === undefined) {
      full.stderr(HELP);
      return 1;
    } else throw new CliError(`unknown command "${opts.command}": use upload or download (cairn --help)`);
    return 0;
  } catch (error) {
    full.stderr(`cairn: ${describeError(error, server)}\n`);
    if (full.env.CAIRN_DEBUG && error instanceof Error && error.stack) full.stderr(`${error.stack}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
