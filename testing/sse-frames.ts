/** Reads a server-sent event stream back into frames, for tests and benchmarks of the live tail. */

export interface SseFrame {
  /** `message` when the frame names no event; `comment` for a `:` line alone */
  event: string;
  data: string;
  retry?: number;
}

/** Yields each frame as soon as its blank line arrives. */
export async function* sseFrames(stream: ReadableStream<Uint8Array>): AsyncGenerator<SseFrame, void> {
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  let buffer = '';
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        yield parseFrame(block);
      }
    }
  } finally {
    // stopping early (break, return) cancels the stream, as a client closing the connection would
    await reader.cancel().catch(() => undefined);
  }
}

function parseFrame(block: string): SseFrame {
  const frame: SseFrame = { event: 'message', data: '' };
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) frame.event = 'comment';
    else if (line.startsWith('event: ')) frame.event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
    else if (line.startsWith('retry: ')) frame.retry = Number(line.slice(7));
  }
  frame.data = data.join('\n');
  return frame;
}
