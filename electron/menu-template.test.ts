import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildAppMenuTemplate, type AppMenuActions } from './menu-template.js';

function actions() {
  const calls: string[] = [];
  const a: AppMenuActions = {
    openFolder: () => calls.push('openFolder'),
    openRecent: (dir) => calls.push(`openRecent:${dir}`),
    clearRecent: () => calls.push('clearRecent'),
    about: () => calls.push('about'),
  };
  return { a, calls };
}

const sub = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
const top = (menu: MenuItemConstructorOptions[], label: string) => menu.find((m) => m.label === label || m.role === label);
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as unknown as () => void)();

describe('application menu', () => {
  it('File has Open Folder… on CmdOrCtrl+O, Open Recent and Quit', () => {
    const { a, calls } = actions();
    const menu = buildAppMenuTemplate({ appName: 'Orchest Desktop', isMac: false, dev: false, recent: ['/p/one', '/p/two'] }, a);
    expect(menu.map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'View', 'help']);
    const file = sub(top(menu, 'File'));
    const open = file.find((i) => i.label === 'Open Folder…');
    expect(open?.accelerator).toBe('CmdOrCtrl+O');
    click(open);
    const recent = sub(file.find((i) => i.label === 'Open Recent'));
    expect(recent.filter((i) => i.click).map((i) => i.label)).toEqual(['/p/one', '/p/two', 'Clear Recently Opened']);
    click(recent[1]);
    click(recent.find((i) => i.label === 'Clear Recently Opened'));
    expect(file.at(-1)?.role).toBe('quit');
    click(sub(top(menu, 'help'))[0]);
    expect(calls).toEqual(['openFolder', 'openRecent:/p/two', 'clearRecent', 'about']);
  });

  it('Edit offers the clipboard roles', () => {
    const menu = buildAppMenuTemplate({ appName: 'O', isMac: false, dev: false, recent: [] }, actions().a);
    expect(sub(top(menu, 'Edit')).map((i) => i.role).filter(Boolean)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']);
  });

  it('has reload and developer tools only in development', () => {
    const roles = (dev: boolean) => sub(top(buildAppMenuTemplate({ appName: 'O', isMac: false, dev, recent: [] }, actions().a), 'View')).map((i) => i.role);
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).toEqual(expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut']));
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools', 'zoomIn']));
  });

  it('shows an empty Open Recent as a disabled line', () => {
    const file = sub(top(buildAppMenuTemplate({ appName: 'O', isMac: false, dev: false, recent: [] }, actions().a), 'File'));
    expect(sub(file.find((i) => i.label === 'Open Recent'))).toEqual([{ label: 'No recent projects', enabled: false }]);
  });

  it('puts Quit in the app menu on macOS', () => {
    const menu = buildAppMenuTemplate({ appName: 'Orchest Desktop', isMac: true, dev: false, recent: [] }, actions().a);
    expect(menu[0]!.label).toBe('Orchest Desktop');
    expect(sub(menu[0]).map((i) => i.role)).toContain('quit');
    expect(sub(top(menu, 'File')).map((i) => i.role)).not.toContain('quit');
  });
});
