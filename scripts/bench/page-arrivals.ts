/**
 * Runs inside the page (handed to Playwright, which serializes the functions): notes the wall time
 * (`performance.timeOrigin + performance.now()`, the clock the bench's producer uses) each record
 * reaches the page, twice — in a live-tail SSE frame, and as a row in the DOM.
 */

export interface PageArrival {
  id: string;
  at: number;
  /** the row's text (or the record key, for SSE frames): the bench finds its key in it */
  text: string;
}

export interface PageArrivals {
  sse: PageArrival[];
  dom: PageArrival[];
  /** how far the table was ever scrolled away from its top, where new rows appear */
  maxScrollTop: number;
}

interface Recorder {
  sse: Map<string, PageArrival>;
  dom: Map<string, PageArrival>;
  maxScrollTop: number;
}

/** Init script: wraps EventSource so every `records` frame is noted before the app's own listener sees it. */
export function recordSseArrivals(): void {
  const recorder: Recorder = { sse: new Map(), dom: new Map(), maxScrollTop: 0 };
  Object.assign(window, { benchArrivals: recorder });
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      this.addEventListener('records', (event: MessageEvent<string>) => {
        const at = performance.timeOrigin + performance.now();
        for (const view of JSON.parse(event.data) as { id: string; key: string | null }[]) {
          if (!recorder.sse.has(view.id)) recorder.sse.set(view.id, { id: view.id, at, text: view.key ?? '' });
        }
      });
    }
  };
}

/** Notes each element with a data-record-id not seen before, when it enters the DOM; also whatever rows are there already. */
export function observeRowArrivals(): void {
  const recorder = (window as unknown as { benchArrivals: Recorder }).benchArrivals;
  const scroller = () => document.querySelector('[data-testid="record-table"] .record-table-scroll');
  const note = (element: Element, at: number) => {
    const id = element.getAttribute('data-record-id');
    if (id !== null && !recorder.dom.has(id)) recorder.dom.set(id, { id, at, text: element.textContent ?? '' });
  };
  const noteAll = (root: Element, at: number) => {
    note(root, at);
    for (const row of root.querySelectorAll('[data-record-id]')) note(row, at);
  };
  new MutationObserver((mutations) => {
    // React commits a batch at once: one time for the whole callback
    const at = performance.timeOrigin + performance.now();
    for (const mutation of mutations) {
      if (mutation.type === 'attributes' && mutation.target instanceof Element) note(mutation.target, at);
      for (const node of mutation.addedNodes) if (node instanceof Element) noteAll(node, at);
    }
    recorder.maxScrollTop = Math.max(recorder.maxScrollTop, scroller()?.scrollTop ?? 0);
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-record-id'] });
  noteAll(document.body, performance.timeOrigin + performance.now());
}

export function rowsSeen(): number {
  return (window as unknown as { benchArrivals: Recorder }).benchArrivals.dom.size;
}

export function readArrivals(): PageArrivals {
  const { sse, dom, maxScrollTop } = (window as unknown as { benchArrivals: Recorder }).benchArrivals;
  return { sse: [...sse.values()], dom: [...dom.values()], maxScrollTop };
}
