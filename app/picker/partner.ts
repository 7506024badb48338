"use client";
/**
 * The picker's side of the handshake with the partner page (docs/partner-apps.md): check the
 * claimed origin with the server first, then talk to `window.opener` at that exact origin only.
 * Nothing is posted to a page whose origin is not registered for the app key.
 */
import { useEffect, useMemo, useState } from "react";
import { describeError } from "../lib/errors";
import { gql, isGraphQLRequestError } from "../lib/gql";
import { PickerAppQuery } from "./operations";

export type PickerMode = "choose" | "save";

export interface ChooseOptions {
  multiselect: boolean;
  folderselect: boolean;
  linkType: "preview" | "direct";
  extensions: string[];
  sizeLimit: number | null;
}

export interface SaveFile {
  filename: string;
  data: ArrayBuffer;
}

export interface PickerParams {
  mode: PickerMode;
  appKey: string;
  origin: string;
}

export type PartnerState =
  | { kind: "checking" }
  | { kind: "refused"; message: string }
  | { kind: "waiting"; appName: string }
  | { kind: "ready"; appName: string; options: ChooseOptions; files: SaveFile[] };

/** What the partner receives on success (Dropbox Chooser's shape). */
export interface ChosenFile {
  id: string;
  name: string;
  bytes: number;
  mimeType?: string | null;
  isDir: boolean;
  link?: string;
  expires?: string | null;
  icon?: string;
}

export function readParams(search: string): PickerParams | null {
  const q = new URLSearchParams(search);
  const mode = q.get("mode");
  const appKey = q.get("appKey");
  const origin = q.get("origin");
  if ((mode !== "choose" && mode !== "save") || !appKey || !origin) return null;
  return { mode, appKey, origin };
}

function cleanOptions(raw: unknown): ChooseOptions {
  const o = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  return {
    multiselect: o.multiselect === true,
    folderselect: o.folderselect === true,
    linkType: o.linkType === "direct" ? "direct" : "preview",
    extensions: Array.isArray(o.extensions)
      ? o.extensions.filter((e): e is string => typeof e === "string").slice(0, 100)
      : [],
    sizeLimit: typeof o.sizeLimit === "number" && o.sizeLimit > 0 ? o.sizeLimit : null,
  };
}

function cleanFiles(raw: unknown): SaveFile[] | null {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 100) return null;
  const files: SaveFile[] = [];
  for (const f of raw) {
    if (!f || typeof f.filename !== "string" || !(f.data instanceof ArrayBuffer)) return null;
    const filename = f.filename.split(/[/\\]/).pop()?.trim() ?? "";
    if (!filename) return null;
    files.push({ filename, data: f.data });
  }
  return files;
}

/** The handshake's state, and a way to answer the partner (at its checked origin only). */
export function usePartner(params: PickerParams | null): {
  state: PartnerState;
  send: (message: { cairn: "success"; files: ChosenFile[] } | { cairn: "cancel" }) => void;
} {
  const [state, setState] = useState<PartnerState>({ kind: "checking" });

  useEffect(() => {
    if (!params) {
      setState({
        kind: "refused",
        message: "This window opens from an app that uses Cairn; it has nothing to do on its own.",
      });
      return;
    }
    if (!window.opener) {
      setState({
        kind: "refused",
        message: "The app that opened this window is gone. Close this window and try again.",
      });
      return;
    }
    let cancelled = false;
    let listener: ((event: MessageEvent) => void) | undefined;
    gql(PickerAppQuery, { appKey: params.appKey, origin: params.origin }).then(
      ({ pickerApp }) => {
        if (cancelled) return;
        setState({ kind: "waiting", appName: pickerApp.name });
        listener = (event: MessageEvent) => {
          if (event.source !== window.opener || event.origin !== params.origin) return;
          const data = event.data as { cairn?: unknown; mode?: unknown; options?: unknown; files?: unknown };
          if (data?.cairn !== "init" || data.mode !== params.mode) return;
          const files = params.mode === "save" ? cleanFiles(data.files) : [];
          if (!files) {
            setState({ kind: "refused", message: `${pickerApp.name} sent nothing Cairn can save.` });
            return;
          }
          setState({ kind: "ready", appName: pickerApp.name, options: cleanOptions(data.options), files });
        };
        window.addEventListener("message", listener);
        // Delivered only if the opener really is at the origin the server just checked.
        window.opener?.postMessage({ cairn: "ready" }, params.origin);
      },
      (error: unknown) => {
        if (cancelled) return;
        const refused = isGraphQLRequestError(error) && error.code === "FORBIDDEN";
        setState({
          kind: "refused",
          message: refused
            ? `This site (${params.origin}) isn't allowed to use Cairn with this app key. If you run the app, add the site's origin to the app in Cairn's settings.`
            : `Cairn couldn't check the app: ${describeError(error, "item")}`,
        });
      },
    );
    return () => {
      cancelled = true;
      if (listener) window.removeEventListener("message", listener);
    };
  }, [params]);

  const send = useMemo(
    () => (message: { cairn: "success"; files: ChosenFile[] } | { cairn: "cancel" }) => {
      if (!params || state.kind !== "ready") return;
      window.opener?.postMessage(message, params.origin);
    },
    [params, state.kind],
  );
  return { state, send };
}
