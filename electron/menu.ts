/** Installs the application menu built by menu-template.ts. */
import { Menu } from 'electron';
import { buildAppMenuTemplate, type AppMenuActions, type AppMenuOptions } from './menu-template.js';

export function installAppMenu(opts: AppMenuOptions, actions: AppMenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildAppMenuTemplate(opts, actions)));
}
