/** The system tray: run status in the tooltip and menu (notifications: notifications.ts). */
import { Menu, Tray, nativeImage } from 'electron';
import type { RunState } from '../main/src/api/runs.js';
import { buildTrayMenuTemplate, initialTrayState, reduceTrayState, type TrayMenuActions, type TrayState } from './tray-state.js';

export interface AppTray {
  onRunUpdated(run: RunState): void;
  /** Rebuild the menu, e.g. after the recent projects changed. */
  refresh(): void;
  destroy(): void;
}

export interface TrayOptions extends TrayMenuActions {
  iconPath: string;
  recent(): string[];
}

export function createAppTray(opts: TrayOptions): AppTray {
  const tray = new Tray(nativeImage.createFromPath(opts.iconPath));
  let state: TrayState = initialTrayState;

  const render = () => {
    tray.setToolTip(state.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenuTemplate(state, opts.recent(), opts)));
  };
  // Linux status areas often open the menu on click; elsewhere a click brings the window back.
  tray.on('click', () => opts.show());
  render();

  return {
    onRunUpdated(run) {
      state = reduceTrayState(state, run);
      render();
    },
    refresh: render,
    destroy: () => tray.destroy(),
  };
}
