using AutoShop.Deployment.Tests.Support;

// Compiled once and composed once for every test class of this assembly.
[assembly: AssemblyFixture(typeof(CompiledTemplate))]
[assembly: AssemblyFixture(typeof(AppModel))]
