/*!
 * Cairn Chooser and Saver for partner pages (docs/partner-apps.md). Dependency-free; include it
 * from your Cairn server and call:
 *
 *   Cairn.choose({ appKey, success(files) {}, cancel() {}, linkType: "preview" | "direct",
 *                  multiselect, extensions: [".pdf", "images"], folderselect, sizeLimit })
 *   Cairn.save({ appKey, files: [{ filename, data }], success(files) {}, cancel() {}, error(e) {} })
 *
 * `files` passed to `success` are `[{id, name, bytes, mimeType, isDir, link, expires, icon}]`.
 * `data` is a Blob, File, ArrayBuffer, typed array or string. The popup must be opened from a
 * user gesture (a click), or the browser blocks it.
 */
(() => {
  if (window.Cairn?.version) return;
  const script = document.currentScript;
  const cairnOrigin = script?.src ? new URL(script.src).origin : window.location.origin;
  const WIDTH = 760;
  const HEIGHT = 560;
  let current = null;

  function popupFeatures() {
    const left = Math.max(0, (window.screenX || 0) + ((window.outerWidth || WIDTH) - WIDTH) / 2);
    const top = Math.max(0, (window.screenY || 0) + ((window.outerHeight || HEIGHT) - HEIGHT) / 2);
    return `popup,width=${WIDTH},height=${HEIGHT},left=${Math.round(left)},top=${Math.round(top)}`;
  }

  function call(fn, ...args) {
    if (typeof fn !== "function") return;
    try {
      fn(...args);
    } catch (e) {
      setTimeout(() => {
        throw e;
      });
    }
  }

  async function toBuffer(data) {
    if (data instanceof ArrayBuffer) return data;
    if (ArrayBuffer.isView(data))
      return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
    if (typeof data === "string") return new TextEncoder().encode(data).buffer;
    if (data && typeof data.arrayBuffer === "function") return data.arrayBuffer();
    throw new TypeError("Cairn.save: each file needs data (Blob, ArrayBuffer, typed array or string)");
  }

  function open(mode, options, payload) {
    if (!options || typeof options.appKey !== "string" || options.appKey === "") {
      throw new TypeError(`Cairn.${mode}: appKey is required`);
    }
    if (current) current.finish("cancel");
    const params = new URLSearchParams({ mode, appKey: options.appKey, origin: window.location.origin });
    const popup = window.open(`${cairnOrigin}/picker?${params}`, "cairn-picker", popupFeatures());
    if (!popup) {
      call(options.error, new Error("The Cairn window was blocked: call choose()/save() from a click"));
      return;
    }
    let done = false;
    const session = {
      finish(kind, value) {
        if (done) return;
        done = true;
        window.removeEventListener("message", onMessage);
        clearInterval(watch);
        if (current === session) current = null;
        if (kind === "success") call(options.success, value);
        else if (kind === "error") call(options.error, value);
        else call(options.cancel);
      },
    };
    current = session;
    async function onMessage(event) {
      if (event.origin !== cairnOrigin || event.source !== popup) return;
      const msg = event.data;
      if (!msg || typeof msg !== "object" || typeof msg.cairn !== "string") return;
      if (msg.cairn === "ready") {
        const init = { cairn: "init", mode, options: pickOptions(options) };
        if (mode === "save") {
          try {
            const files = await payload();
            popup.postMessage(
              { ...init, files },
              cairnOrigin,
              files.map((f) => f.data),
            );
          } catch (e) {
            popup.close();
            session.finish("error", e);
          }
        } else {
          popup.postMessage(init, cairnOrigin);
        }
      } else if (msg.cairn === "success") {
        session.finish("success", Array.isArray(msg.files) ? msg.files : []);
      } else if (msg.cairn === "cancel") {
        session.finish("cancel");
      }
    }
    window.addEventListener("message", onMessage);
    const watch = setInterval(() => {
      if (popup.closed) session.finish("cancel");
    }, 500);
  }

  function pickOptions(o) {
    return {
      multiselect: Boolean(o.multiselect),
      folderselect: Boolean(o.folderselect),
      linkType: o.linkType === "direct" ? "direct" : "preview",
      extensions: Array.isArray(o.extensions) ? o.extensions.filter((e) => typeof e === "string") : [],
      sizeLimit: typeof o.sizeLimit === "number" && o.sizeLimit > 0 ? o.sizeLimit : null,
    };
  }

  window.Cairn = {
    version: 1,
    origin: cairnOrigin,
    choose(options) {
      open("choose", options);
    },
    save(options) {
      const files = options?.files;
      if (!Array.isArray(files) || files.length === 0) throw new TypeError("Cairn.save: files is required");
      for (const f of files) {
        if (!f || typeof f.filename !== "string" || f.filename === "")
          throw new TypeError("Cairn.save: each file needs a filename");
      }
      open("save", options, () =>
        Promise.all(files.map(async (f) => ({ filename: f.filename, data: await toBuffer(f.data) }))),
      );
    },
    isBrowserSupported() {
      return typeof window.postMessage === "function" && typeof window.open === "function";
    },
  };
})();
