/**
 * jsdom (27) has `<dialog>` and its `open` attribute but not showModal()/close(). Component tests get the part
 * of the browser's behaviour the app relies on: showModal() opens, Escape fires a cancelable `cancel` and then
 * closes, close() gives focus back to the element focused before showModal() and fires `close` in a later task. The page being
 * inert behind the dialog is the browser's part; the e2e suite checks it in Chromium.
 */
export function installDialogPolyfill(): void {
  if (typeof HTMLDialogElement === "undefined" || "showModal" in HTMLDialogElement.prototype) return;
  const openedFrom = new WeakMap<HTMLDialogElement, Element | null>();

  function onKeyDown(this: HTMLDialogElement, event: KeyboardEvent) {
    if (event.key !== "Escape" || !this.open) return;
    if (this.dispatchEvent(new Event("cancel", { cancelable: true }))) this.close();
  }

  Object.assign(HTMLDialogElement.prototype, {
    showModal(this: HTMLDialogElement) {
      if (this.open) return;
      if (!this.isConnected) throw new DOMException("The dialog is not in a document.", "InvalidStateError");
      openedFrom.set(this, document.activeElement);
      this.open = true;
      this.addEventListener("keydown", onKeyDown);
    },
    close(this: HTMLDialogElement, returnValue?: string) {
      if (!this.open) return;
      this.open = false;
      if (returnValue !== undefined) this.returnValue = returnValue;
      this.removeEventListener("keydown", onKeyDown);
      const previous = openedFrom.get(this);
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
      // As in browsers, `close` fires in a later task.
      setTimeout(() => this.dispatchEvent(new Event("close")));
    },
  });
}
