// SPDX-License-Identifier: GPL-3.0-or-later
//
// glibc's argp with austin's option table: the reference the command-line tests compare austin with.
// The value checks and messages are austin's, made with argp_error at the moment argp meets each option,
// so the oracle also shows which problem argp reports first.
//
//   argp_oracle seed|extended VERSION BUG-ADDRESS < cases
//
// Each line of stdin is one command line (without the program name), its words separated by 0x1f.
// Every case runs in a forked child; for each, stdout gets:
//   status <exit status>\n stdout <n>\n <n bytes> stderr <n>\n <n bytes>
// A child that parses successfully prints the options it got, one per line (see print_options).
// "extended" adds options in group 1, where austin puts its extensions, to compare --help layouts and the order
// argp sorts them in.

#include <argp.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

// austin's own -V text and bug address, given on the command line so that the oracle never lags behind them.
const char *argp_program_version;
const char *argp_program_bug_address;

#define SEED_OPTIONS                                                                                         \
  {"alt-format", 'a', NULL, 0, "Alternative collapsed stack sample format.", 0},                             \
  {"exclude-empty", 'e', NULL, 0, "Do not output samples of threads with no frame stacks.", 0},              \
  {"full", 'f', NULL, 0, "Produce the full set of metrics (time +mem -mem).", 0},                            \
  {"interval", 'i', "n_us", 0, "Sampling interval (default is 500us).", 0},                                  \
  {"memory", 'm', NULL, 0, "Profile memory usage.", 0},                                                      \
  {"output", 'o', "FILE", 0, "Specify an output file for the collected samples.", 0},                        \
  {"pid", 'p', "PID", 0, "The the ID of the process to which Austin should attach.", 0},                     \
  {"sleepless", 's', NULL, 0, "Suppress idle samples.", 0},                                                  \
  {"timeout", 't', "n_ms", 0, "Approximate start up wait time. Increase on slow machines (default is 100ms).", 0}

static struct argp_option seed_options[] = {SEED_OPTIONS, {0}};

// Keep in step with ExtendedTable in ArgpOracleTests.cs.
static struct argp_option extended_options[] = {
  SEED_OPTIONS,
  {"a-rather-long-option-name", 0x100, "SOMETHING", 0,
   "An extension whose names reach past column 32, so that its doc starts on a line of its own.", 1},
  {"pipe", 0x101, NULL, 0,
   "An extension with a doc long enough to be wrapped over more than two lines of the help text, which "
   "argp breaks at the last blank before the right margin every time it overflows.", 1},
  {"where-to-put-it", 0x102, "PLACE", 0, "Names ending at column 29, so the doc follows three spaces later.", 1},
  {"zeta", 'z', "N", 0, "A short option with a value, which moves where the usage lines break.", 1},
  {"Pause", 'P', NULL, 0, "Upper case: after the lower-case p of --pipe, which has no short name.", 1},
  {"wait", 'w', "SECONDS", 0, "A short name that starts a long-only option too: after it.", 1},
  {0}};

static struct {
  int alt_format, exclude_empty, full, memory, sleepless;
  long interval, timeout;
  int pid, has_pid;
  const char *output;
  char **command;
  int command_len;
} parsed = {.interval = 500, .timeout = 100};

// The C austin's check of -i and -t (argparse.c): strtol, whole word, and a value that is not negative read as
// unsigned (0 is accepted: -i 0 samples as fast as it can; an overflow saturates to LONG_MAX and is accepted).
static int non_negative(const char *text, long *value) {
  char *end;
  long n = strtol(text, &end, 10);
  if (end == text || *end != '\0' || (unsigned long) n > LONG_MAX)
    return 0;
  *value = n;
  return 1;
}

// strtol as the C austin uses it, then austin's range for a PID: a positive int.
static int positive(const char *text, int *value) {
  char *end;
  errno = 0;
  long n = strtol(text, &end, 10);
  if (end == text || *end != '\0' || errno == ERANGE || n <= 0 || n > INT_MAX)
    return 0;
  *value = (int) n;
  return 1;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state) {
  switch (key) {
  case 'a': parsed.alt_format = 1; break;
  case 'e': parsed.exclude_empty = 1; break;
  case 'f': parsed.full = 1; break;
  case 'm': parsed.memory = 1; break;
  case 's': parsed.sleepless = 1; break;
  case 'i':
    if (!non_negative(arg, &parsed.interval))
      argp_error(state, "the sampling interval must be a positive integer");
    break;
  case 't':
    if (!non_negative(arg, &parsed.timeout))
      argp_error(state, "timeout must be a positive integer");
    break;
  case 'p':
    if (!positive(arg, &parsed.pid))
      argp_error(state, "invalid PID.");
    parsed.has_pid = 1;
    break;
  case 'o':
    if (*arg == '\0')
      argp_error(state, "the output file name must not be empty");
    parsed.output = arg;
    break;
  case ARGP_KEY_ARG:
    // The first non-option word is the command: it and everything after it are left alone.
    parsed.command = &state->argv[state->next - 1];
    parsed.command_len = state->argc - state->next + 1;
    state->next = state->argc;
    break;
  case ARGP_KEY_END:
    if (parsed.command_len == 0 && !parsed.has_pid)
      argp_error(state, "no command to run and no PID to attach to");
    if (parsed.command_len > 0 && parsed.has_pid)
      argp_error(state, "give either a command or -p PID, not both");
    break;
  default:
    return key >= 0x100 && key < 0x110 ? 0 : ARGP_ERR_UNKNOWN;
  }
  return 0;
}

static void print_options(void) {
  printf("alt-format %d\nexclude-empty %d\nfull %d\ninterval %ld\nmemory %d\n", parsed.alt_format,
         parsed.exclude_empty, parsed.full, parsed.interval, parsed.memory);
  printf("output %s\n", parsed.output ? parsed.output : "(none)");
  if (parsed.has_pid)
    printf("pid %d\n", parsed.pid);
  else
    printf("pid (none)\n");
  printf("sleepless %d\ntimeout %ld\ncommand %d\n", parsed.sleepless, parsed.timeout, parsed.command_len);
  for (int i = 0; i < parsed.command_len; i++)
    printf("arg %s\n", parsed.command[i]);
}

static void run_case(struct argp_option *options, char *line) {
  char *argv[256];
  int argc = 0;
  argv[argc++] = "austin";
  if (*line != '\0') {
    for (char *word = line;; ) {
      char *sep = strchr(word, '\x1f');
      if (argc < 255)
        argv[argc++] = word;
      if (sep == NULL)
        break;
      *sep = '\0';
      word = sep + 1;
    }
  }
  argv[argc] = NULL;

  struct argp argp = {
    .options = options, .parser = parse_opt, .args_doc = "command [ARG...]",
    .doc = "Austin -- A frame stack sampler for Python."};
  argp_parse(&argp, argc, argv, ARGP_IN_ORDER, NULL, NULL);
  print_options();
  exit(0);
}

static size_t drain(int fd, char **text) {
  size_t len = 0, cap = 4096;
  *text = malloc(cap);
  for (;;) {
    if (len == cap)
      *text = realloc(*text, cap *= 2);
    ssize_t n = read(fd, *text + len, cap - len);
    if (n <= 0)
      break;
    len += (size_t) n;
  }
  close(fd);
  return len;
}

int main(int argc, char **argv) {
  struct argp_option *options = argc > 1 && strcmp(argv[1], "extended") == 0 ? extended_options : seed_options;
  if (argc != 4)
    return 2;
  argp_program_version = argv[2];
  argp_program_bug_address = argv[3];
  char *line = NULL;
  size_t size = 0;
  ssize_t len;
  while ((len = getline(&line, &size, stdin)) >= 0) {
    if (len > 0 && line[len - 1] == '\n')
      line[--len] = '\0';

    int out[2], err[2];
    if (pipe(out) != 0 || pipe(err) != 0)
      return 2;
    fflush(stdout);
    pid_t child = fork();
    if (child < 0)
      return 2;
    if (child == 0) {
      dup2(out[1], 1);
      dup2(err[1], 2);
      close(out[0]), close(out[1]), close(err[0]), close(err[1]);
      run_case(options, line);
    }
    close(out[1]);
    close(err[1]);
    // Cases print a few KB at most, well under a pipe's buffer, so reading one pipe after the other is safe.
    char *out_text, *err_text;
    size_t out_len = drain(out[0], &out_text), err_len = drain(err[0], &err_text);
    int status;
    waitpid(child, &status, 0);
    printf("status %d\nstdout %zu\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out_len);
    fwrite(out_text, 1, out_len, stdout);
    printf("stderr %zu\n", err_len);
    fwrite(err_text, 1, err_len, stdout);
    free(out_text);
    free(err_text);
  }
  free(line);
  return 0;
}
