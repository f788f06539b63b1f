package io.tollgate.gate.ui

import groovy.json.JsonSlurper
import org.openqa.selenium.JavascriptExecutor
import org.openqa.selenium.WebDriver
import org.openqa.selenium.chrome.ChromeDriver

/**
 * What the accessibility audit asks of a page in real Chromium: axe-core's WCAG 2.1 A/AA rules
 * (axe.min.js from the com.deque.html.axe-core:selenium jar, injected into the page), horizontal
 * overflow at a given viewport width, and the focus ring's contrast against what is behind it.
 */
final class A11y {
  static final List<String> WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

  private static final String AXE = A11y.getResourceAsStream("/axe.min.js").getText("UTF-8")

  private A11y() {}

  /** Sets the layout viewport to {@code width} CSS pixels, whatever the window's minimum. */
  static void viewport(WebDriver driver, int width, int height) {
    ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
        [width: width, height: height, deviceScaleFactor: 1, mobile: false])
  }

  /** The WCAG 2.1 A/AA violations on the page as [rule, impact, help, targets]. */
  static List<Map> violations(WebDriver driver) {
    def js = (JavascriptExecutor) driver
    if (!js.executeScript("return typeof window.axe !== 'undefined'")) {
      js.executeScript(AXE)
    }
    String json = js.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
          .then(r => done(JSON.stringify(r.violations.map(v => ({
              rule: v.id, impact: v.impact, help: v.help,
              targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))))
          .catch(e => done(JSON.stringify([{rule: 'axe-error', impact: 'critical', help: String(e), targets: []}])));
        """, WCAG)
    new JsonSlurper().parseText(json) as List<Map>
  }

  /** How many CSS pixels the page scrolls sideways (0 when it reflows). */
  static long overflow(WebDriver driver) {
    ((JavascriptExecutor) driver).executeScript(
        "return Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)") as long
  }

  /**
   * The focused element's description and its focus indicator: outline style and width, and the
   * contrast of the outline's colour against the first opaque background behind the element.
   */
  static Map focus(WebDriver driver) {
    ((JavascriptExecutor) driver).executeScript("""
        const el = document.activeElement;
        const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
          const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
        const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
          return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
        let bg = null;
        for (let n = el.parentElement; n && !bg; n = n.parentElement) {
          const c = parse(getComputedStyle(n).backgroundColor); if (c && c.a > 0.5) bg = c; }
        bg = bg || {r: 255, g: 255, b: 255};
        const s = getComputedStyle(el);
        const oc = parse(s.outlineColor);
        const l1 = oc ? lum(oc) : 0, l2 = lum(bg);
        const contrast = oc ? (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05) : 0;
        const label = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
          (el.getAttribute('href') ? '[href=' + el.getAttribute('href') + ']' : '') +
          (el.name ? '[name=' + el.name + ']' : '');
        return {label: label, key: el.dataset.walk || '', style: s.outlineStyle,
          width: parseFloat(s.outlineWidth), contrast: contrast};
        """) as Map
  }

  /**
   * Marks every control a keyboard user must be able to reach (visible links, buttons, form fields
   * and focusable regions) with a data-walk number, and returns how many there are.
   */
  static int markControls(WebDriver driver) {
    ((JavascriptExecutor) driver).executeScript("""
        const all = [...document.querySelectorAll('a[href], button, summary, input:not([type=hidden]), select, textarea, [tabindex="0"]')]
          .filter(e => !e.disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'
                       && !e.classList.contains('skip'));
        all.forEach((e, i) => e.dataset.walk = String(i));
        return all.length;
        """) as int
  }
}
