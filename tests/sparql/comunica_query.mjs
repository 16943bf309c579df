// One query through Comunica with the endpoint as its only source, of type "sparql" (what the
// comunica-sparql command calls a `sparql@` source), printed in a format Python reads back:
// SPARQL JSON results for SELECT and ASK, N-Triples for a graph.
// Usage: node tests/sparql/comunica_query.mjs ENDPOINT QUERY
import { QueryEngine } from "@comunica/query-sparql";

const [endpoint, query] = process.argv.slice(2);
const engine = new QueryEngine();
const result = await engine.query(query, { sources: [{ type: "sparql", value: endpoint }] });
const mediaType =
  result.resultType === "quads" ? "application/n-triples" : "application/sparql-results+json";
const { data } = await engine.resultToString(result, mediaType);
data.pipe(process.stdout);
