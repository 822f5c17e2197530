/** An error a feature keeps until the user dismisses it (Jupyter servers, services). */
export function DismissibleError({ message, onDismiss, className }: { message: string; onDismiss: () => void; className: string }) {
  return (
    <p className={className} role="alert">
      {message}{' '}
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </p>
  );
}
