// Socket tests share two cores with other work; running them one at a time keeps timings (and failures) explainable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
