// Light or dark: follow JupyterLab, then VS Code, then the operating system.

function isDark() {
  const body = document.body;
  const jp = body.getAttribute("data-jp-theme-light");
  if (jp === "false") return true;
  if (jp === "true") return false;
  if (body.classList.contains("vscode-dark") ||
      body.classList.contains("vscode-high-contrast")) return true;
  if (body.classList.contains("vscode-light")) return false;
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;
}

/**
 * Keep `root`'s data-theme in step with the host; returns the cleanup function.
 * @param {HTMLElement} root
 */
export function watchTheme(root) {
  const apply = () => root.setAttribute("data-theme", isDark() ? "dark" : "light");
  apply();
  const observer = new MutationObserver(apply);
  observer.observe(document.body, { attributes: true,
    attributeFilter: ["data-jp-theme-light", "class"] });
  const media = window.matchMedia?.("(prefers-color-scheme: dark)");
  media?.addEventListener("change", apply);
  return () => {
    observer.disconnect();
    media?.removeEventListener("change", apply);
  };
}
