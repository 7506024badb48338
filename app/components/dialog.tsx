"use client";

import { type ReactNode, type RefObject, useEffect, useId, useRef } from "react";
import { CloseIcon } from "./icons";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog on the native <dialog> (showModal): the page behind is inert, Escape closes,
 * Tab cycles inside, and focus returns to where it was when the dialog closes.
 */
export function Dialog({
  title,
  description,
  onClose,
  initialFocus,
  children,
  footer,
  className = "",
}: {
  title: string;
  description?: ReactNode;
  onClose: () => void;
  /** What gets focus when the dialog opens (default: the first focusable element). */
  initialFocus?: RefObject<HTMLElement | null>;
  children?: ReactNode;
  footer?: ReactNode;
  className?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const close = useRef(onClose);
  close.current = onClose;

  // biome-ignore lint/correctness/useExhaustiveDependencies: opens once; initialFocus is read at open
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
    // The caller's choice, else the first control of the body, else of the footer (Cancel first).
    const target =
      initialFocus?.current ??
      focusable.find((el) => el.closest(".dialog-body")) ??
      focusable.find((el) => el.closest(".dialog-foot"));
    target?.focus();
    if (target instanceof HTMLInputElement && target.type === "text") target.select();
    return () => {
      if (dialog.open) dialog.close();
      // Back to the control that opened it, if it is still on the page.
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog ${className}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        close.current();
      }}
      onClick={(event) => {
        if (event.target === ref.current) close.current();
      }}
      onKeyDown={(event) => {
        if (event.key !== "Tab") return;
        const items = [...(ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])].filter(
          (el) => el.offsetParent !== null || el === document.activeElement,
        );
        const first = items[0];
        const last = items.at(-1);
        if (!first || !last) return;
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }}
    >
      <div className="dialog-panel">
        <header className="dialog-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={() => close.current()}>
            <CloseIcon />
          </button>
        </header>
        {description && (
          <div id={descriptionId} className="dialog-description">
            {description}
          </div>
        )}
        <div className="dialog-body">{children}</div>
        {footer && <footer className="dialog-foot">{footer}</footer>}
      </div>
    </dialog>
  );
}
