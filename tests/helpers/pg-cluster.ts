// Throwaway Postgres clusters serve the benchmarks too (the read-replica benchmark), so they live in bench/lib.
export * from '../../bench/lib/pg-cluster.js';
