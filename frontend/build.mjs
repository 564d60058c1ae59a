// Bundles frontend/src into the self-contained, minified files the Python package ships in
// microneedling_course/static/ (anywidget's _esm/_css, and the site's copies).
//   node frontend/build.mjs           write them
//   node frontend/build.mjs --check   exit 1, naming each file, if a rebuild would differ
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import * as esbuild from "esbuild";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const SOURCE = path.join(ROOT, "frontend", "src");
const TARGET = path.join(ROOT, "microneedling_course", "static");

// Shipped file name -> its entry point in frontend/src. The quiz ships three ways: quiz.js with
// quiz.css for JupyterLab; quiz-site.js (choice and numeric questions) and quiz-site-all.js (every
// type, the assessment) for the site, each bringing its own CSS.
export const ENTRIES = {
  "quiz.js": "quiz/index.js",
  "quiz.css": "quiz/quiz.css",
  "quiz-site.js": "quiz/site.js",
  "quiz-site-all.js": "quiz/site-all.js",
  "progress-page.js": "progress/index.js",
  "progress-page.css": "progress/progress-page.css",
  "depth-explorer.js": "labs/depth-explorer.js",
  "depth-explorer.css": "labs/depth-explorer.css",
  "treatment-plan.js": "labs/treatment-plan.js",
  "treatment-plan.css": "labs/treatment-plan.css",
  "aftercare-day.js": "labs/aftercare-day.js",
  "aftercare-day.css": "labs/aftercare-day.css",
  "client-screening.js": "labs/client-screening.js",
  "client-screening.css": "labs/client-screening.css",
  "lms-scorm.js": "lms/scorm.js",
};

const SETTINGS = {
  bundle: true,
  // Chromium, Firefox and Safari of the last few years; JupyterLab 4 needs no older.
  target: ["es2022", "chrome100", "firefox100", "safari15"],
  minify: true,
  legalComments: "none",
  charset: "utf8",
  write: false,
  logLevel: "silent",
};

// `import styles from "./core.css?text"`: the stylesheet bundled and minified, as a string (for
// a module that brings its own styles to the page).
const cssAsText = {
  name: "css-as-text",
  setup(build) {
    build.onResolve({ filter: /\.css\?text$/ }, (args) => ({
      path: path.join(args.resolveDir, args.path.replace(/\?text$/, "")),
      namespace: "css-text",
    }));
    build.onLoad({ filter: /.*/, namespace: "css-text" }, async (args) => {
      const result = await esbuild.build({ ...SETTINGS, entryPoints: [args.path] });
      return { contents: result.outputFiles[0].text, loader: "text", watchFiles: [args.path] };
    });
  },
};

async function bundle(name, entry) {
  const result = await esbuild.build({
    ...SETTINGS,
    entryPoints: [path.join(SOURCE, entry)],
    format: name.endsWith(".js") ? "esm" : undefined,
    plugins: [cssAsText],
  });
  return Buffer.from(result.outputFiles[0].contents);
}

async function main() {
  const check = process.argv.includes("--check");
  const stale = [];
  for (const [name, entry] of Object.entries(ENTRIES)) {
    const built = await bundle(name, entry);
    const target = path.join(TARGET, name);
    if (check) {
      const shipped = await readFile(target).catch(() => null);
      if (!shipped || !shipped.equals(built)) stale.push(name);
    } else {
      await writeFile(target, built);
      console.log(`${name}: ${built.length} bytes`);
    }
  }
  if (stale.length) {
    console.error(`microneedling_course/static/ is stale (run npm run build): ${stale.join(", ")}`);
    process.exit(1);
  }
}

await main();
