using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace ClustersCord.DevHost.Functions;

/// <summary>
/// Calls a function method the way the isolated worker does: a new instance of its class per invocation
/// (constructor injection from the request's services), parameters bound by type and by name.
/// </summary>
public static class FunctionInvoker
{
    public static async Task InvokeHttpAsync(HttpFunction function, HttpContext context)
    {
        var arguments = new object?[function.Method.GetParameters().Length];
        foreach (var parameter in function.Method.GetParameters())
        {
            if (!TryBind(parameter, context, out var value))
            {
                // A route value that does not convert: the route does not match, as on the Functions host.
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            arguments[parameter.Position] = value;
        }
        var result = await InvokeAsync(function.Method, context.RequestServices, arguments);
        await ExecuteResultAsync(result, context);
    }

    public static async Task InvokeTimerAsync(TimerFunction function, IServiceProvider services, TimerInfo timer, CancellationToken cancellationToken)
    {
        var arguments = function.Method.GetParameters()
            .Select(p => p.ParameterType == typeof(TimerInfo) ? timer
                : p.ParameterType == typeof(CancellationToken) ? (object)cancellationToken
                : null)
            .ToArray();
        await InvokeAsync(function.Method, services, arguments);
    }

    private static bool TryBind(ParameterInfo parameter, HttpContext context, out object? value)
    {
        var type = parameter.ParameterType;
        if (type == typeof(HttpRequest))
        {
            value = context.Request;
            return true;
        }
        if (type == typeof(CancellationToken))
        {
            value = context.RequestAborted;
            return true;
        }
        value = null;
        var raw = context.GetRouteValue(parameter.Name!)?.ToString();
        if (raw is null)
        {
            return parameter.HasDefaultValue || !type.IsValueType;
        }
        try
        {
            value = TypeDescriptor.GetConverter(type).ConvertFromString(null, CultureInfo.InvariantCulture, raw);
            return true;
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException)
        {
            return false;
        }
    }

    private static async Task<object?> InvokeAsync(MethodInfo method, IServiceProvider services, object?[] arguments)
    {
        var instance = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
        try
        {
            object? returned;
            try
            {
                returned = method.Invoke(instance, arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
            if (returned is Task task)
            {
                await task;
                var resultProperty = task.GetType().GetProperty("Result");
                return resultProperty is null || resultProperty.PropertyType.Name == "VoidTaskResult" ? null : resultProperty.GetValue(task);
            }
            return returned;
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable: await asyncDisposable.DisposeAsync(); break;
                case IDisposable disposable: disposable.Dispose(); break;
            }
        }
    }

    private static async Task ExecuteResultAsync(object? result, HttpContext context)
    {
        switch (result)
        {
            case IActionResult actionResult:
                await actionResult.ExecuteAsync(context);
                break;
            case IResult httpResult:
                await httpResult.ExecuteAsync(context);
                break;
            case null:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            default:
                await context.Response.WriteAsJsonAsync(result, result.GetType());
                break;
        }
    }
}
