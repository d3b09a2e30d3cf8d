/**
 * The {@code code} node: JavaScript on GraalJS, run in a pool of separate runner JVMs with a fixed
 * heap ({@link io.flowd.nodes.code.CodeRunners}), each call in a fresh sandboxed context ({@link
 * io.flowd.nodes.code.JsSandbox}).
 */
package io.flowd.nodes.code;
