/**
 * The PostgreSQL store: Flyway migrations, the jdbi DAOs and the plain-JDBC statements of a run's
 * hot path, every method scoped by the tenant.
 *
 * <p>Two data-access styles, one per need:
 *
 * <ul>
 *   <li>{@link io.flowd.store.RunStatements}: the few statements every run executes (the workflow
 *       an execute reads, the run's insert with its idempotency key, its first and last writes with
 *       their log rows, a node's log rows, the dispatch marks) run on plain JDBC. Under load jdbi's
 *       SqlObject layer cost several times the CPU of the PostgreSQL driver on each of these calls
 *       (per-call configuration copies, generic type lookups, a handle per on-demand call; see
 *       BENCHMARKS.md), and these statements run several times per run.
 *   <li>The {@code *Dao} interfaces: every other statement, in jdbi's SqlObject style, where the
 *       declarative mapping and binding are worth more than the per-call cost.
 * </ul>
 *
 * <p>A statement both styles need (the run row's columns, the run insert, the log upsert, the
 * workflow at its current version) is written once, in the package-private {@code Sql} class; no
 * SQL fragment is part of a DAO's public interface.
 */
package io.flowd.store;
