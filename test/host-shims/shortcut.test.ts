/**
 * The side panel's keyboard shortcut is the council's choice (Alt+Shift is Windows' keyboard-layout switch):
 * parsed from text, with a clear error for anything that is not a shortcut, and used by the side panel.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { mountSidePanel } from '../../host-shims/core/side-panel.js';
import { parseShortcut } from '../../host-shims/core/shortcut.js';
import '../../widget/src/index.js';

async function press(keys: string[], key: string): Promise<void> {
  for (const k of keys) await sendKeys({ down: k });
  await sendKeys({ press: key });
  for (const k of [...keys].reverse()) await sendKeys({ up: k });
}

describe('side panel shortcut', () => {
  it('parses "Ctrl+Alt+F" and refuses what is not a shortcut, naming the setting', () => {
    expect(parseShortcut('Ctrl+Alt+F')).to.deep.include({
      ctrl: true,
      alt: true,
      shift: false,
      meta: false,
      code: 'KeyF',
    });
    expect(parseShortcut('Alt+Shift+7').code).to.equal('Digit7');
    for (const bad of ['F', 'Alt+', 'Hyper+F', 'Alt+Alt+F', 'Alt+Enter']) {
      expect(() => parseShortcut(bad), bad).to.throw(/^shortcut: /);
    }
  });

  it("uses the council's shortcut, shows it, and ignores Alt+Shift+F then", async () => {
    sessionStorage.clear();
    const button = document.createElement('button');
    button.textContent = 'A page control';
    document.body.prepend(button);
    const panel = mountSidePanel(document, { getToken: async () => 'token', apiBase: '', shortcut: 'Ctrl+Alt+F' });
    try {
      const toggle = panel.host.shadowRoot!.querySelector('.toggle')!;
      expect(toggle.getAttribute('aria-keyshortcuts')).to.equal('Ctrl+Alt+F');
      expect(panel.host.shadowRoot!.querySelector('.shortcut')!.textContent).to.equal('Ctrl+Alt+F');
      button.focus();
      await press(['Alt', 'Shift'], 'KeyF');
      expect(document.activeElement).to.equal(button);
      await press(['Control', 'Alt'], 'KeyF');
      expect(document.activeElement).to.equal(panel.host);
    } finally {
      panel.destroy();
      button.remove();
    }
  });
});
