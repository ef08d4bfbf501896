/* edu_w2v's word-vector explorer: the nearest words by cosine similarity, analogies and a 2-D
 * map, computed in the page from window.eduW2vExplorerData (the script edu_w2v.explorer writes).
 * Plain JavaScript without any dependency; nothing is fetched, so it works from disk.
 *
 * The numbers are those of WordVectors.most_similar and WordVectors.analogy on the exported
 * vectors: every float16 is decoded exactly, each row is scaled to length 1 (x / |x|; a zero row
 * stays zero), a similarity is the dot product of two unit vectors, and equal similarities keep
 * the order of the rows (the more frequent word first), as NumPy's stable argsort does.
 */
(function () {
  "use strict";

  // --- the vectors ----------------------------------------------------------------------

  function bytesOf(base64) {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  // An IEEE half-precision number (sign, 5 exponent bits, 10 fraction bits), exactly.
  function halfToNumber(bits) {
    const sign = bits & 0x8000 ? -1 : 1;
    const exponent = (bits >> 10) & 0x1f;
    const fraction = bits & 0x3ff;
    if (exponent === 0) return sign * fraction * 2 ** -24; // zero and the subnormal numbers
    if (exponent === 31) return fraction ? NaN : sign * Infinity;
    return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }

  function decodeModel(raw, table) {
    const dims = raw.dims;
    const count = raw.words.length;
    const halves = new DataView(bytesOf(raw.vectors).buffer);
    const unit = new Float64Array(count * dims);
    for (let row = 0; row < count; row++) {
      let squares = 0;
      for (let j = 0; j < dims; j++) {
        const value = table[halves.getUint16(2 * (row * dims + j), true)];
        unit[row * dims + j] = value;
        squares += value * value;
      }
      const norm = Math.sqrt(squares);
      if (norm > 0) for (let j = 0; j < dims; j++) unit[row * dims + j] /= norm;
    }
    const points = new DataView(bytesOf(raw.coordinates).buffer);
    const x = new Float64Array(count);
    const y = new Float64Array(count);
    for (let row = 0; row < count; row++) {
      x[row] = points.getFloat32(8 * row, true);
      y[row] = points.getFloat32(8 * row + 4, true);
    }
    const index = new Map(raw.words.map((word, row) => [word, row]));
    return {
      name: raw.name, words: raw.words, vocabularySize: raw.vocabularySize,
      dims, count, unit, x, y, index,
    };
  }

  function unitRow(model, row) {
    return model.unit.subarray(row * model.dims, (row + 1) * model.dims);
  }

  // The `top` rows with the largest cosine with `query` (a unit vector), `excluded` left out.
  function rank(model, query, top, excluded) {
    const scores = new Float64Array(model.count);
    for (let row = 0; row < model.count; row++) {
      let dot = 0;
      for (let j = 0; j < model.dims; j++) dot += model.unit[row * model.dims + j] * query[j];
      scores[row] = dot;
    }
    const order = [];
    for (let row = 0; row < model.count; row++) if (!excluded.includes(row)) order.push(row);
    order.sort((i, j) => scores[j] - scores[i] || i - j);
    return order.slice(0, top).map((row) => ({ row, similarity: scores[row] }));
  }

  function mostSimilar(model, row, top) {
    return rank(model, unitRow(model, row), top, [row]);
  }

  // "a is to b as c is to ?": the words nearest to b̂ - â + ĉ (scaled to length 1), not a, b, c.
  function analogy(model, a, b, c, top) {
    const [ua, ub, uc] = [a, b, c].map((row) => unitRow(model, row));
    const target = ub.map((value, j) => value - ua[j] + uc[j]);
    const norm = Math.sqrt(target.reduce((sum, value) => sum + value * value, 0));
    const query = norm > 0 ? target.map((value) => value / norm) : target;
    return rank(model, query, top, [a, b, c]);
  }

  // As edu_w2v prints a similarity: 3 decimals, and never "-0.000".
  function similarityText(similarity) {
    const text = similarity.toFixed(3);
    return Number(text) === 0 ? text.replace("-", "") : text;
  }

  // --- the page -------------------------------------------------------------------------

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function thousands(number) {
    return number.toLocaleString("en-US");
  }

  // One column: a model's answers (a table) and its map.
  function makeColumn(model, say, onWord) {
    const section = element("section", "w2v-model");
    section.append(element("h3", "w2v-model-name", model.name));
    section.append(element("p", "w2v-model-info", say("model_info", {
      count: thousands(model.count),
      vocabulary: thousands(model.vocabularySize),
      dims: model.dims,
    })));
    const title = element("p", "w2v-title");
    const message = element("p", "w2v-message");
    message.setAttribute("aria-live", "polite");
    const table = element("table", "w2v-neighbours");
    const head = table.createTHead().insertRow();
    for (const key of ["rank", "word", "similarity"]) head.append(element("th", "", say(key)));
    const body = table.createTBody();
    const canvas = element("canvas", "w2v-map");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", say("map", { count: thousands(model.count) }));
    const zoom = element("button", "w2v-zoom");
    zoom.type = "button";
    const caption = element("p", "w2v-map-caption", say("map", { count: thousands(model.count) }));
    section.append(title, message, table, canvas, zoom, caption);

    const column = { model, section, title, message, body, canvas, zoom, zoomed: true };
    column.marked = { asked: [], answers: [] };
    zoom.addEventListener("click", () => {
      column.zoomed = !column.zoomed;
      zoom.textContent = say(column.zoomed ? "show_all" : "zoom_in");
      drawMap(column);
    });
    zoom.textContent = say("show_all");
    body.addEventListener("click", (event) => {
      const button = event.target.closest("button.w2v-word");
      if (button) onWord(button.textContent);
    });
    canvas.addEventListener("click", (event) => {
      const row = pointAt(column, event);
      if (row !== null) onWord(model.words[row]);
    });
    return column;
  }

  // Fill a column with the answers (or a message) and mark the words on its map.
  function showAnswers(column, title, message, answers, asked) {
    column.title.textContent = title;
    column.message.textContent = message;
    column.body.replaceChildren();
    answers.forEach(({ row, similarity }, i) => {
      const line = column.body.insertRow();
      line.dataset.word = column.model.words[row];
      line.dataset.similarity = String(similarity);
      const button = element("button", "w2v-word", column.model.words[row]);
      button.type = "button";
      line.insertCell().textContent = String(i + 1);
      line.insertCell().append(button);
      line.insertCell().textContent = similarityText(similarity);
    });
    column.marked = { asked, answers: answers.map((answer) => answer.row) };
    drawMap(column);
  }

  // Why `word` has no row in `model`, in one sentence.
  function unknownText(model, word, say) {
    let text = say("unknown", { word, count: thousands(model.count) });
    const lower = word.toLowerCase();
    if (lower !== word && model.index.has(lower)) text += say("but_lower", { lower });
    return text;
  }

  // --- the map --------------------------------------------------------------------------

  const ASKED = "#d62728"; // red: the word searched, or a, b and c
  const ANSWER = "#1f6fd1"; // blue: the neighbours, or the answers

  function bounds(model, rows) {
    const box = { left: Infinity, right: -Infinity, bottom: Infinity, top: -Infinity };
    for (const row of rows) {
      box.left = Math.min(box.left, model.x[row]);
      box.right = Math.max(box.right, model.x[row]);
      box.bottom = Math.min(box.bottom, model.y[row]);
      box.top = Math.max(box.top, model.y[row]);
    }
    return box;
  }

  function backgroundOf(node) {
    for (; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (colour && colour !== "transparent" && !/rgba\(.*, 0\)$/.test(colour)) return colour;
    }
    return "#ffffff";
  }

  // The view: the whole cloud, or (zoomed) the marked words with room around them. Both axes
  // get the same scale, so that distances on the map are not stretched.
  function viewOf(column, width, height) {
    const model = column.model;
    const whole = column.whole || (column.whole = bounds(model, model.words.keys()));
    const marked = column.marked.asked.concat(column.marked.answers);
    let box = whole;
    if (column.zoomed && marked.length > 0) {
      box = bounds(model, marked);
      const least = 0.08 * Math.max(whole.right - whole.left, whole.top - whole.bottom);
      const grow = (low, high) => Math.max(0, least - (high - low)) / 2;
      const dx = grow(box.left, box.right);
      const dy = grow(box.bottom, box.top);
      box = { left: box.left - dx, right: box.right + dx, bottom: box.bottom - dy, top: box.top + dy };
    }
    const margin = { left: 12, right: 60, top: 16, bottom: 12 }; // room for the labels
    const scale = Math.min(
      (width - margin.left - margin.right) / Math.max(box.right - box.left, 1e-9),
      (height - margin.top - margin.bottom) / Math.max(box.top - box.bottom, 1e-9),
    );
    const middleX = (box.left + box.right) / 2;
    const middleY = (box.bottom + box.top) / 2;
    const centreX = margin.left + (width - margin.left - margin.right) / 2;
    const centreY = margin.top + (height - margin.top - margin.bottom) / 2;
    return {
      x: (row) => centreX + (model.x[row] - middleX) * scale,
      y: (row) => centreY - (model.y[row] - middleY) * scale,
    };
  }

  function drawMap(column) {
    const canvas = column.canvas;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (width === 0 || height === 0) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const context = canvas.getContext("2d");
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    const view = viewOf(column, width, height);
    column.view = view;

    context.fillStyle = "rgba(128, 128, 128, 0.4)";
    for (let row = 0; row < column.model.count; row++) {
      context.fillRect(view.x(row) - 1, view.y(row) - 1, 2, 2);
    }
    const { asked, answers } = column.marked;
    const dots = answers.map((row) => [row, ANSWER]).concat(asked.map((row) => [row, ASKED]));
    for (const [row, colour] of dots) {
      context.beginPath();
      context.arc(view.x(row), view.y(row), 4, 0, 2 * Math.PI);
      context.fillStyle = colour;
      context.fill();
    }
    // The marked words, for a reader's tools (and the tests): words hold no spaces.
    canvas.dataset.asked = asked.map((row) => column.model.words[row]).join(" ");
    canvas.dataset.answers = answers.map((row) => column.model.words[row]).join(" ");
    const style = getComputedStyle(canvas);
    const labels = asked.map((row) => [row, "bold "]).concat(answers.map((row) => [row, ""]));
    drawLabels(context, column.model, view, labels, style, backgroundOf(canvas), width, height);
  }

  // Each label beside its point where it overlaps no other label (asked words first), or none.
  function drawLabels(context, model, view, labels, style, halo, width, height) {
    const placed = [];
    const size = 13;
    context.textBaseline = "middle";
    context.lineJoin = "round";
    for (const [row, weight] of labels) {
      context.font = `${weight}${size}px ${style.fontFamily}`;
      const word = model.words[row];
      const w = context.measureText(word).width;
      const px = view.x(row);
      const py = view.y(row);
      const spots = [[px + 7, py], [px - 7 - w, py], [px - w / 2, py - size], [px - w / 2, py + size]];
      const free = spots.find(([x, y]) => {
        const box = { left: x - 2, right: x + w + 2, top: y - size / 2 - 1, bottom: y + size / 2 + 1 };
        const inside = box.left >= 0 && box.right <= width && box.top >= 0 && box.bottom <= height;
        return inside && !placed.some((other) => box.left < other.right && other.left < box.right
          && box.top < other.bottom && other.top < box.bottom);
      });
      if (!free) continue;
      const [x, y] = free;
      placed.push({ left: x - 2, right: x + w + 2, top: y - size / 2 - 1, bottom: y + size / 2 + 1 });
      context.lineWidth = 3;
      context.strokeStyle = halo;
      context.strokeText(word, x, y);
      context.fillStyle = style.color;
      context.fillText(word, x, y);
    }
  }

  // The row of the point nearest to a click (within 12 px), or null.
  function pointAt(column, event) {
    if (!column.view) return null;
    const rect = column.canvas.getBoundingClientRect();
    const cx = event.clientX - rect.left;
    const cy = event.clientY - rect.top;
    let best = null;
    let bestDistance = 12 * 12;
    for (let row = 0; row < column.model.count; row++) {
      const distance = (column.view.x(row) - cx) ** 2 + (column.view.y(row) - cy) ** 2;
      if (distance < bestDistance) [best, bestDistance] = [row, distance];
    }
    return best;
  }

  // --- putting it together --------------------------------------------------------------

  function start(root) {
    const messages = JSON.parse(root.querySelector(".w2v-messages").textContent);
    const say = (key, values = {}) =>
      messages[key].replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
    const status = root.querySelector(".w2v-status");
    const data = window.eduW2vExplorerData;
    if (!data) {
      status.textContent = say("no_data", { file: root.dataset.dataFile });
      return;
    }
    const began = performance.now();
    const halves = new Float64Array(65536); // every float16, by its 16 bits
    for (let bits = 0; bits < 65536; bits++) halves[bits] = halfToNumber(bits);
    const models = data.models.map((raw) => decodeModel(raw, halves));
    const decoding = performance.now() - began;

    const searchForm = root.querySelector(".w2v-search");
    const analogyForm = root.querySelector(".w2v-analogy");
    const wordBox = searchForm.elements.word;
    const topBox = searchForm.elements.top;
    const columns = models.map((model) => makeColumn(model, say, (word) => {
      wordBox.value = word;
      search();
    }));
    root.querySelector(".w2v-models").append(...columns.map((column) => column.section));
    const options = root.querySelector("datalist");
    options.append(...models[0].words.map((word) => element("option", "", word)));

    let last = null; // what is shown: re-shown when the number of neighbours changes

    function search() {
      const word = wordBox.value.trim();
      last = search;
      for (const column of columns) {
        const row = column.model.index.get(word);
        if (!word) {
          showAnswers(column, "", say("empty"), [], []);
        } else if (row === undefined) {
          showAnswers(column, "", unknownText(column.model, word, say), [], []);
        } else {
          const answers = mostSimilar(column.model, row, Number(topBox.value));
          showAnswers(column, say("nearest", { word }), "", answers, [row]);
        }
      }
    }

    function answerAnalogy() {
      const words = ["a", "b", "c"].map((name) => analogyForm.elements[name].value.trim());
      last = answerAnalogy;
      for (const column of columns) {
        const rows = words.map((word) => column.model.index.get(word));
        const missing = words.find((word, i) => word && rows[i] === undefined);
        const title = say("analogy_title", { a: words[0], b: words[1], c: words[2] });
        if (words.some((word) => !word)) {
          showAnswers(column, "", say("analogy_empty"), [], []);
        } else if (missing !== undefined) {
          showAnswers(column, title, unknownText(column.model, missing, say), [], []);
        } else {
          const answers = analogy(column.model, ...rows, Number(topBox.value));
          showAnswers(column, title, "", answers, rows);
        }
      }
    }

    searchForm.addEventListener("submit", (event) => {
      event.preventDefault();
      search();
    });
    analogyForm.addEventListener("submit", (event) => {
      event.preventDefault();
      answerAnalogy();
    });
    topBox.addEventListener("change", () => last && last());
    if (window.ResizeObserver) {
      const redraw = new ResizeObserver(() => columns.forEach(drawMap));
      columns.forEach((column) => redraw.observe(column.canvas));
    }
    // The website's light / dark switch (the book theme's data-theme): labels in the new colours.
    new MutationObserver(() => columns.forEach(drawMap)).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["data-theme"],
    });
    if (wordBox.value.trim()) search();

    status.textContent = say("ready", {
      size: root.dataset.size,
      ms: Math.round(performance.now()),
      decode: Math.round(decoding),
    });
    root.dataset.ready = "true";
  }

  document.querySelectorAll(".w2v-explorer").forEach(start);
})();
