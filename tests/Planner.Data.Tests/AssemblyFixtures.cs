// One PostgreSQL + PostGIS server for all the tests in this assembly.
[assembly: AssemblyFixture(typeof(Planner.Tests.PostgisServer))]
// The command line as deployed, published when a test first asks for it.
[assembly: AssemblyFixture(typeof(Planner.Tests.Cli.PublishedCli))]
