using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace Seeding.Analyzers.Tests.Infrastructure
{
    /// <summary>The outcome of a child process: exit code and everything it printed.</summary>
    public sealed record ProcessResult(string CommandLine, int ExitCode, string Output)
    {
        public override string ToString() => $"$ {CommandLine}\n(exit {ExitCode})\n{Output}";
    }

    /// <summary>
    /// Runs tools (dotnet pack/build/format, compiled programs) as a user would from a shell,
    /// with a hard time limit and a clean MSBuild environment.
    /// </summary>
    public static class ProcessRunner
    {
        public static ProcessResult Run(
            string fileName,
            IEnumerable<string> arguments,
            string workingDirectory,
            IReadOnlyDictionary<string, string>? environment = null,
            TimeSpan? timeout = null)
        {
            var start = new ProcessStartInfo(fileName)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            // The test host runs under `dotnet test`, whose MSBuild settings must not leak into
            // the builds a test starts: those must behave like a fresh shell.
            foreach (var key in new List<string>(start.Environment.Keys))
            {
                if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
                    || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                    || key == "DOTNET_HOST_PATH")
                {
                    start.Environment.Remove(key);
                }
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            if (environment is not null)
            {
                foreach (var pair in environment)
                {
                    start.Environment[pair.Key] = pair.Value;
                }
            }

            var output = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => Append(output, e.Data);
            process.ErrorDataReceived += (_, e) => Append(output, e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var limit = timeout ?? TimeSpan.FromMinutes(5);
            var commandLine = fileName + " " + string.Join(" ", arguments);
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException($"'{commandLine}' did not finish within {limit}.\n{output}");
            }

            process.WaitForExit(); // flush the asynchronous readers
            return new ProcessResult(commandLine, process.ExitCode, output.ToString());
        }

        /// <summary>Runs the .NET SDK's driver, <c>dotnet</c>.</summary>
        public static ProcessResult Dotnet(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
            => Run("dotnet", arguments, workingDirectory, environment);

        private static void Append(StringBuilder output, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
