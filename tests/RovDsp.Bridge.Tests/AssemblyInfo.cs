// The bridge tests start brokers, open sockets and measure latencies: run their classes one at a time so they
// do not starve each other of threads and ports on a small, shared CI machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
