/* theme.js — the reader's light/dark choice (the toggle of dossier.js keeps it in
   localStorage), applied before the first paint: loaded without `defer` in <head>, so no page
   flashes in the other scheme. Without a choice, or without JS, the system's setting. */
try {
  var dossierTheme = localStorage.getItem('dossier-theme');
  if (dossierTheme === 'light' || dossierTheme === 'dark') {
    document.documentElement.setAttribute('data-theme', dossierTheme);
  }
} catch (e) { /* storage refused: the system's setting */ }
