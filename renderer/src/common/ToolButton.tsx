import type { LucideIcon } from 'lucide-react';
import type { ButtonHTMLAttributes } from 'react';
import { withShortcut } from './shortcuts.js';

export interface ToolButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'title' | 'children'> {
  icon: LucideIcon;
  /** The button's name (its text, or its accessible name when only the icon shows). */
  label: string;
  /** Tooltip text; the label by default. A disabled button's tooltip says why. */
  tip?: string;
  shortcut?: string;
  /** Show the label beside the icon (the main commands); otherwise the icon alone. */
  showLabel?: boolean;
}

/** A toolbar button: an icon, maybe its label, and a tooltip naming its shortcut. */
export function ToolButton({ icon: Icon, label, tip, shortcut, showLabel = false, className, ...rest }: ToolButtonProps) {
  const classes = ['tool-button', showLabel ? 'has-label' : 'icon-only', className].filter(Boolean).join(' ');
  return (
    <button
      type="button"
      {...rest}
      className={classes}
      aria-label={showLabel ? undefined : label}
      aria-keyshortcuts={shortcut?.replace(/Ctrl/g, 'Control')}
      data-tip={withShortcut(tip ?? label, tip ? undefined : shortcut)}
    >
      <Icon size={16} strokeWidth={1.9} aria-hidden="true" />
      {showLabel ? <span>{label}</span> : null}
    </button>
  );
}
