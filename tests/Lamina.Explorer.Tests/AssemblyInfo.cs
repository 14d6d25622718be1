// Each test class runs a node and a Chromium; two at once on a two-core machine would only make both slower and flakier.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
