using ClustersCord.Functions.Composition;
using ClustersCord.Functions.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddClustersCord(builder.Configuration);
// The ASP.NET Core integration's Kestrel receives the proxied requests; its default limit is 30,000,000 bytes.
builder.Services.AddRequestBodyLimit();
builder.Build().Run();
