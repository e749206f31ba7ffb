// A web-test-runner command that turns Chromium's forced-colours mode on or off for the test page.
// @web/test-runner-commands' emulateMedia passes `forcedColors` to Playwright only; with puppeteer (our
// launcher) it is dropped, and puppeteer's emulateMediaFeatures refuses the feature, so this goes through CDP.
// The CDP session is kept open per page: emulation set through a session ends when the session detaches.
//
// In a test: `await executeServerCommand('emulate-forced-colors', { active: true })`.
export function forcedColorsPlugin() {
  const sessions = new WeakMap();
  return {
    name: 'emulate-forced-colors',
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulate-forced-colors') return undefined;
      const page = session.browser.getPage(session.id);
      let cdp = sessions.get(page);
      if (!cdp) {
        cdp = await page.createCDPSession();
        sessions.set(page, cdp);
      }
      await cdp.send('Emulation.setEmulatedMedia', {
        features: [{ name: 'forced-colors', value: payload && payload.active ? 'active' : 'none' }],
      });
      return true;
    },
  };
}
