// One PostgreSQL + PostGIS server for all the tests in this assembly.
[assembly: AssemblyFixture(typeof(Planner.Tests.PostgisServer))]
