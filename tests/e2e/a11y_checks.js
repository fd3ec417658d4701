/* Layout checks run in the page by tests/e2e/a11y_checks.py: one object
   literal, evaluated as it stands (a script tag would meet the site's CSP). */
({
  // What scrolls sideways, and which visible controls are cut off. A control
  // may lie beyond the viewport only inside a scroll region that a keyboard
  // can reach (focusable) and a screen reader can name (labelled). Text that
  // spills out of its button counts as cut off too.
  layoutProblems: () => {
    const doc = document.documentElement;
    const width = doc.clientWidth;
    const problems = [];
    if (doc.scrollWidth > width) {
      problems.push(`the page scrolls sideways: ${doc.scrollWidth}px in ${width}px`);
    }
    const hiddenByDesign = (el) => el.closest(
      ".visually-hidden, .skip-link, [hidden], [aria-hidden=true], .w-sr-only, .skiplink"
    );
    const describe = (el) => {
      const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
      return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${text.slice(0, 40)}"`;
    };
    const controls = document.querySelectorAll(
      "a[href], button, input:not([type=hidden]), select, textarea, summary"
    );
    for (const el of controls) {
      if (hiddenByDesign(el)) continue;
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (style.visibility === "hidden" || box.width === 0 || box.height === 0) continue;
      let left = 0, right = width, region = null;
      for (let up = el.parentElement; up && up !== doc; up = up.parentElement) {
        const overflow = getComputedStyle(up).overflowX;
        // A box that may scroll but has nothing to scroll is no scroll region.
        if ((overflow === "auto" || overflow === "scroll") && up.scrollWidth > up.clientWidth) {
          region = up;
          break;
        }
        if (overflow === "hidden" || overflow === "clip") {
          const clip = up.getBoundingClientRect();
          left = Math.max(left, clip.left);
          right = Math.min(right, clip.right);
        }
      }
      if (region) {
        const named = region.getAttribute("aria-label") || region.getAttribute("aria-labelledby");
        if (!(region.tabIndex >= 0 && named)) {
          problems.push(`${describe(el)} is in a scroll region that is not focusable and labelled`);
        }
        const outer = region.getBoundingClientRect();
        if (outer.left < -1 || outer.right > width + 1) {
          problems.push(`${describe(el)}'s scroll region is cut off (${outer.left}-${outer.right})`);
        }
        continue;
      }
      if (box.left < left - 1 || box.right > right + 1) {
        problems.push(`${describe(el)} is cut off: ${Math.round(box.left)}-${Math.round(box.right)} in ${Math.round(left)}-${Math.round(right)}`);
      }
      // Text only: an icon a pixel wider than its button is not cut-off text.
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let hasText = false;
      for (let node = walker.nextNode(); node && !hasText; node = walker.nextNode()) {
        hasText = node.data.trim() !== "" && !hiddenByDesign(node.parentElement);
      }
      if (hasText && (el.tagName === "BUTTON" || el.classList.contains("button")) && el.scrollWidth > el.clientWidth + 1) {
        problems.push(`${describe(el)}'s text spills out of it: ${el.scrollWidth}px in ${el.clientWidth}px`);
      }
    }
    return problems;
  },
  // Why the focused element is not fully visible: out of the viewport, or
  // under a sticky or fixed element (the entry page's save bar). Null if it is.
  focusProblem: () => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const box = el.getBoundingClientRect();
    const describe = `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${(el.innerText || el.value || "").trim().slice(0, 40)}"`;
    if (box.top < -1 || box.bottom > innerHeight + 1 || box.left < -1 || box.right > innerWidth + 1) {
      return `${describe} is not fully in the viewport (${Math.round(box.top)}-${Math.round(box.bottom)} of ${innerHeight})`;
    }
    for (const other of document.querySelectorAll("body *")) {
      const position = getComputedStyle(other).position;
      if (position !== "sticky" && position !== "fixed") continue;
      if (other.contains(el) || el.contains(other)) continue;
      const cover = other.getBoundingClientRect();
      if (cover.width === 0 || cover.height === 0) continue;
      const overlaps = box.left < cover.right && box.right > cover.left &&
        box.top < cover.bottom && box.bottom > cover.top;
      if (overlaps) {
        return `${describe} (${Math.round(box.top)}-${Math.round(box.bottom)}) is under ${other.className} (${Math.round(cover.top)}-${Math.round(cover.bottom)})`;
      }
    }
    return null;
  },
})
