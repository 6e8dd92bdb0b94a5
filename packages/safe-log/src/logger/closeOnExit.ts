/** Something that writes what it still holds, synchronously, when closed. */
interface Closable {
  close(): void;
}

const open = new Set<Closable>();

function closeAll(): void {
  for (const writer of [...open]) {
    try {
      writer.close();
    } catch {
      // Exiting: nothing left to report to.
    }
  }
}

/**
 * Closes `writer` when the process exits (`process.exit()`, or the end of the event loop), so
 * lines still queued are written synchronously instead of vanishing with the process. One
 * 'exit' listener serves every open writer and is removed when the last one closes.
 * @returns removes `writer` again (call it when the writer closes by itself).
 */
export function closeOnExit(writer: Closable): () => void {
  if (open.size === 0) process.on('exit', closeAll);
  open.add(writer);
  return () => {
    if (open.delete(writer) && open.size === 0) process.off('exit', closeAll);
  };
}
