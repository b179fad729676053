// Parse a GEXF file with graphology-gexf (the parser Gephi Lite uses) and print what it read as
// JSON: node and edge counts, the attribute names seen on nodes and edges, and the graph type.
// Usage: node parse_gexf.mjs FILE.gexf
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Graph = require("graphology");
const gexf = require("graphology-gexf");

const path = process.argv[2];
if (!path) {
  console.error("usage: node parse_gexf.mjs FILE.gexf");
  process.exit(2);
}
const graph = gexf.parse(Graph, readFileSync(path, "utf8"));

const nodeAttributes = new Set();
const nodes = {};
graph.forEachNode((key, attrs) => {
  Object.keys(attrs).forEach((name) => nodeAttributes.add(name));
  nodes[key] = attrs;
});
const edgeAttributes = new Set();
graph.forEachEdge((key, attrs) => {
  Object.keys(attrs).forEach((name) => edgeAttributes.add(name));
});

console.log(
  JSON.stringify({
    type: graph.type,
    multi: graph.multi,
    nodes: graph.order,
    edges: graph.size,
    nodeAttributes: [...nodeAttributes].sort(),
    edgeAttributes: [...edgeAttributes].sort(),
    nodeData: nodes,
  }),
);
