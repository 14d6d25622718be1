// The end-to-end tests start real processes on real ports (a devnet takes a range from its base port), on a 2-core CI
// machine. Run in parallel, one class's devnet could collide with another's ports or starve it of CPU: a DA devnet
// once failed to start within 90 s beside the SIGKILL loop. Serially the whole project costs about a minute more.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
