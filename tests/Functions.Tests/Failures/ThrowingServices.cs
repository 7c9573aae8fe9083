using System.Reflection;
using ClustersCord.Domain.Benchmarking;
using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;
using ClustersCord.Domain.Reminders;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClustersCord.Functions.Tests.Failures;

/// <summary>
/// Test-only registrations that make every function fail inside its own code: every store port throws
/// the given exception (its message holds an email address), and every
/// request body throws when read. What the caller gets is then the app's handler's answer alone.
/// </summary>
public static class ThrowingServices
{
    public const string SecretInMessage = "jana.secret@example.com";

    public static void Install(WebApplicationBuilder builder, Func<Exception> failure)
    {
        Replace<IEventStore>(builder.Services, failure);
        Replace<IRegistrationStore>(builder.Services, failure);
        Replace<IInvitationStore>(builder.Services, failure);
        Replace<IClusterStore>(builder.Services, failure);
        Replace<IReportStore>(builder.Services, failure);
        Replace<IIndicatorStore>(builder.Services, failure);
        Replace<IReminderLedger>(builder.Services, failure);
        Replace<ClustersCord.Functions.Email.IUndeliveredEmails>(builder.Services, failure);
        Replace<IEventMessageStore>(builder.Services, failure);
        Replace<ClustersCord.Domain.Email.IOwedEmailStore>(builder.Services, failure);
        Replace<ClustersCord.Domain.Audit.IAuditLog>(builder.Services, failure);
        Replace<ClustersCord.Domain.Meetings.IMeetingStore>(builder.Services, failure);
        Replace<ClustersCord.Domain.Cooperation.IIntroductionStore>(builder.Services, failure);
        Replace<ClustersCord.Domain.Cooperation.ICooperationStore>(builder.Services, failure);
        Replace<ClustersCord.Domain.Cooperation.IAgreementStore>(builder.Services, failure);
        builder.Services.AddSingleton<IStartupFilter>(new ThrowingBodies(failure));
    }

    private static void Replace<T>(IServiceCollection services, Func<Exception> failure) where T : class
    {
        services.RemoveAll(typeof(T));
        services.AddSingleton(Throwing<T>.Create(failure));
    }

    /// <summary>An implementation of any port whose every member throws.</summary>
    public class Throwing<T> : DispatchProxy where T : class
    {
        private Func<Exception> _failure = null!;

        public static T Create(Func<Exception> failure)
        {
            var proxy = DispatchProxy.Create<T, Throwing<T>>();
            ((Throwing<T>)(object)proxy)._failure = failure;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => throw _failure();
    }

    private sealed class ThrowingBodies(Func<Exception> failure) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                context.Request.Body = new ThrowingStream(failure);
                await nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class ThrowingStream(Func<Exception> failure) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw failure();
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw failure();
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw failure();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
