import { createContext, useContext, useRef, type ReactNode, type RefObject } from 'react';

/** The canvas' DOM element, so the toolbar can place a new step at the centre of the view. */
const CanvasElementContext = createContext<RefObject<HTMLDivElement | null> | null>(null);

export function CanvasElementProvider({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement | null>(null);
  return <CanvasElementContext.Provider value={ref}>{children}</CanvasElementContext.Provider>;
}

export function useCanvasElement(): RefObject<HTMLDivElement | null> {
  const ref = useContext(CanvasElementContext);
  if (!ref) throw new Error('useCanvasElement must be used inside <CanvasElementProvider>');
  return ref;
}
