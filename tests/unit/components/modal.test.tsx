// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { StrictMode, useRef, useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Modal } from "@/components/ui/modal";

/** An opener button and a modal whose parent may refuse to close (as the compose dialog does while sending). */
function Harness({
  refuseClose = false,
  initiallyOpen = false,
  onClose = () => {},
}: {
  refuseClose?: boolean;
  initiallyOpen?: boolean;
  onClose?: () => void;
}) {
  const [open, setOpen] = useState(initiallyOpen);
  const opener = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLInputElement>(null);
  return (
    <>
      <button ref={opener} type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      <Modal
        open={open}
        onClose={() => {
          onClose();
          if (!refuseClose) setOpen(false);
        }}
        title="Message Acme Travel"
        description="Ask about trips."
        initialFocusRef={field}
        returnFocusRef={opener}
      >
        <label>
          Message <input ref={field} />
        </label>
      </Modal>
    </>
  );
}

async function openModal(props: Parameters<typeof Harness>[0] = {}) {
  const user = userEvent.setup();
  const showModal = vi.spyOn(HTMLDialogElement.prototype, "showModal");
  render(<Harness {...props} />);
  await user.click(screen.getByRole("button", { name: "Open" }));
  const dialog = screen.getByRole("dialog", { name: "Message Acme Travel" }) as HTMLDialogElement;
  return { user, dialog, showModal };
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("Modal", () => {
  it("opens a native dialog with showModal(), named and described, with focus on the initial field", async () => {
    const { dialog, showModal } = await openModal();
    expect(dialog.tagName).toBe("DIALOG");
    expect(showModal).toHaveBeenCalledTimes(1);
    expect(dialog.open).toBe(true);
    expect(dialog.getAttribute("aria-describedby")).toBe(screen.getByText("Ask about trips.").id);
    expect(document.activeElement).toBe(screen.getByLabelText("Message"));
  });

  it("closes on Escape and gives focus back to the opener", async () => {
    const { user } = await openModal();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Open" }));
  });

  it("stays open on Escape when the parent refuses to close", async () => {
    const onClose = vi.fn();
    const { user, dialog } = await openModal({ refuseClose: true, onClose });
    await user.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(dialog.open).toBe(true);
  });

  it("closes with the × button and on a press on the backdrop, not on a press inside", async () => {
    const onClose = vi.fn();
    const { user, dialog } = await openModal({ refuseClose: true, onClose });
    fireEvent.mouseDown(screen.getByLabelText("Message"));
    expect(onClose).not.toHaveBeenCalled();
    fireEvent.mouseDown(dialog);
    expect(onClose).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole("button", { name: "Close" }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it("stays open in strict mode, where React closes and reopens a dialog mounted open", async () => {
    const onClose = vi.fn();
    render(
      <StrictMode>
        <Harness initiallyOpen onClose={onClose} />
      </StrictMode>,
    );
    const dialog = screen.getByRole("dialog") as HTMLDialogElement;
    await new Promise((resolve) => setTimeout(resolve, 10)); // the queued close event has arrived
    expect(onClose).not.toHaveBeenCalled();
    expect(dialog.open).toBe(true);
  });

  it("asks the parent to close when the browser closes the dialog itself", async () => {
    const onClose = vi.fn();
    const { dialog } = await openModal({ refuseClose: true, onClose });
    dialog.close();
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
  });
});
