import { useCallback, useEffect, useRef, useState } from 'react';

export type ActionState<T> =
  { status: 'idle' } | { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; value: T };

/** A call started by the user (a form submit); a newer call aborts and replaces the older one. */
export function useAction<T>() {
  const [state, setState] = useState<ActionState<T>>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);
  const run = useCallback((call: (signal: AbortSignal) => Promise<T>) => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    setState({ status: 'loading' });
    call(c.signal).then(
      (value) => !c.signal.aborted && setState({ status: 'ready', value }),
      (error: unknown) => !c.signal.aborted && setState({ status: 'error', error }),
    );
  }, []);
  return { state, run };
}
