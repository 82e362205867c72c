/** The HTML shell of the dashboard; the page script (dist/demo/page.js) renders everything else. */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>rx-conversations · live demo</title>
<link rel="icon" href="data:,">
</head>
<body>
<div id="app"><p class="boot">Connecting…</p></div>
<noscript>This dashboard needs JavaScript.</noscript>
<script type="module" src="/page.js"></script>
</body>
</html>
`;
