using ClustersCord.Functions.Composition;
using ClustersCord.Functions.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
// The organiser routes' check (ManageGate), once the invocation has its HttpContext; DevHost places it in its pipeline.
builder.UseMiddleware<ClustersCord.Functions.Audit.ManageGateFunctionMiddleware>();
builder.Services.AddClustersCord(builder.Configuration);
// The ASP.NET Core integration's Kestrel receives the proxied requests; its default limit is 30,000,000 bytes.
builder.Services.AddRequestBodyLimit();
builder.Build().Run();
