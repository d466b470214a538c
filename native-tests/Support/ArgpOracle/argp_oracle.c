// SPDX-License-Identifier: GPL-3.0-or-later
//
// glibc's argp with austin's option table: the reference the command-line tests compare austin with.
// The value checks and messages are austin's, made with argp_error at the moment argp meets each option,
// so the oracle also shows which problem argp reports first.
//
//   argp_oracle seed|austin|austin-getopt|extended VERSION BUG-ADDRESS < cases
//
// Each line of stdin is one command line (without the program name), its words separated by 0x1f.
// Every case runs in a forked child; for each, stdout gets:
//   status <exit status>\n stdout <n>\n <n bytes> stderr <n>\n <n bytes>
// A child that parses successfully prints the options it got, one per line (see print_options).
// "seed" is the C austin 0.7.0's table; "austin" is austin's, the seed's options then the C austin 3.7's and
// --format in group 1 under a header, with austin's one deliberate difference from getopt applied (see
// apply_established_prefixes); "austin-getopt" is austin's table with getopt's rules alone, to show that
// difference; "extended" adds made-up options in group 1 to the seed's, to compare --help layouts and the order
// argp sorts them in.

#include <argp.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <getopt.h>
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

// Keep in step with AustinOptionTable.Extensions and ExtensionHeader (the --help comparison finds any drift).
#define KEY_FORMAT 0x200
#define KEY_ASYNCIO 0x201
#define KEY_GIL 0x202
#define KEY_CONVERT 0x203
#define KEY_SUMMARY 0x204
#define KEY_TUI 0x205
#define KEY_WEB 0x206
static struct argp_option austin_options[] = {
  SEED_OPTIONS,
  {NULL, 0, NULL, 0, "The C austin 3.x's options and more; -i and -t take units too (1ms, 2s):", 1},
  {"asyncio", KEY_ASYNCIO, NULL, 0,
   "Show each asyncio task as a thread of its own, with the stack of the coroutines it awaits in (CPython 3.11 and "
   "later).", 1},
  {"binary", 'b', NULL, 0, "Emit data in the MOJO binary format (the same as --format=mojo).", 1},
  {"children", 'C', NULL, 0, "Attach to child processes.", 1},
  {"format", KEY_FORMAT, "NAME", 0,
   "Output format: collapsed (default), austin, mojo, svg, speedscope, pprof. Without it, -P means austin, and an "
   "output file ending in .austin, .mojo, .svg, .speedscope.json, .pprof or .pb.gz means that format.", 1},
  {"gc", 'g', NULL, 0, "Sample the garbage collector state.", 1},
  {"gil", KEY_GIL, NULL, 0, "Sample only the thread that holds the GIL.", 1},
  {"heap", 'h', "n_mb", 0,
   "Accepted for compatibility, and ignored: the C austin 3.x sizes a frame heap with it, austin reads whole stacks "
   "without one.", 1},
  {"pipe", 'P', NULL, 0, "Pipe mode. Use when piping Austin output: the austin format, unless a format is given.", 1},
  {"where", 'w', "PID", 0, "Dump the stacks of all the threads within the process with the given PID.", 1},
  {"exposure", 'x', "n_sec", 0, "Sample for n_sec seconds only.", 1},
  // austin's own (AustinOptionTable.Own), after 3.7's as getopt knows them.
  {"convert", KEY_CONVERT, "FILE", 0,
   "Read the samples recorded in FILE (collapsed, austin or mojo format, as austin or the C austin wrote them) instead "
   "of sampling, and write them in the output format.", 1},
  {"summary", KEY_SUMMARY, "COUNT", OPTION_ARG_OPTIONAL,
   "At the end, print the top COUNT functions (default 10) by own and by total share, and the run's figures, on "
   "standard error.", 1},
  {"tui", KEY_TUI, NULL, 0,
   "Show a live full-screen view of the process in the terminal instead of writing samples (as austin-tui does).", 1},
  {"web", KEY_WEB, NULL, 0,
   "Serve a live flame graph of the process over HTTP on WEBAUSTIN_HOST:WEBAUSTIN_PORT instead of writing samples (as "
   "austin-web does).", 1},
  {0}};

static const char *format_names[] = {"collapsed", "austin", "mojo", "svg", "speedscope", "pprof"};

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

static int austin_table;       // the "austin" table: print the extensions' values too
static int established_prefixes; // apply austin's rule for abbreviations (apply_established_prefixes)

static struct {
  int alt_format, exclude_empty, full, memory, sleepless;
  long interval, timeout;
  int pid, has_pid;
  const char *output;
  char **command;
  int command_len;
  // The extensions.
  int format, pipe, children, gc, where, has_where, asyncio, gil;
  long heap, exposure;
  const char *convert;
  int summary;
  const char *live;
} parsed = {.interval = 500, .timeout = 100, .format = -1};

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

// A number and its unit as austin reads -i (us) and -t (ms) (AustinValues.Interval, AustinValues.Timeout): a bare
// number as 0.7.0 reads it (non_negative), or strtol's number directly followed by one of the units, not negative,
// times the unit without overflow, and at most `largest` (the C austin 3.7's bound).
struct unit { const char *name; long scale; };

static int with_unit(const char *text, long *value, const struct unit *units, long largest) {
  if (non_negative(text, value))
    return 1;
  char *end;
  long n = strtol(text, &end, 10);
  if (end == text || *end == '\0' || n < 0)
    return 0;
  for (; units->name != NULL; units++) {
    if (strcmp(end, units->name) == 0) {
      if (n > largest / units->scale)
        return 0;
      *value = n * units->scale;
      return 1;
    }
  }
  return 0;
}

static const struct unit interval_units[] = {{"s", 1000000}, {"ms", 1000}, {"us", 1}, {NULL, 0}};
static const struct unit timeout_units[] = {{"s", 1000}, {"ms", 1}, {NULL, 0}};

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
    if (!(austin_table ? with_unit(arg, &parsed.interval, interval_units, LONG_MAX) : non_negative(arg, &parsed.interval)))
      argp_error(state, "the sampling interval must be a positive integer");
    break;
  case 't':
    if (!(austin_table ? with_unit(arg, &parsed.timeout, timeout_units, LONG_MAX / 1000) : non_negative(arg, &parsed.timeout)))
      argp_error(state, "timeout must be a positive integer");
    break;
  case 'p': {
    int pid;
    if (!positive(arg, &pid))
      argp_error(state, "invalid PID.");
    // As in the C austin 3.7, -w is -p plus "dump once": a -p after -w changes the process -w dumps.
    if (parsed.has_where)
      parsed.where = pid;
    else
      parsed.pid = pid, parsed.has_pid = 1;
    break;
  }
  case 'b': parsed.format = 2; break;
  case 'C': parsed.children = 1; break;
  case 'g': parsed.gc = 1; break;
  case KEY_ASYNCIO: parsed.asyncio = 1; break;
  case KEY_GIL: parsed.gil = 1; break;
  case 'P': parsed.pipe = 1; break;
  case KEY_FORMAT: {
    int found = -1;
    for (int i = 0; i < 6; i++)
      if (strcmp(arg, format_names[i]) == 0)
        found = i;
    if (found < 0)
      argp_error(state, "the output format must be one of: collapsed, austin, mojo, svg, speedscope, pprof");
    parsed.format = found;
    break;
  }
  case KEY_CONVERT:
    if (*arg == '\0')
      argp_error(state, "the file to convert must be named");
    parsed.convert = arg;
    break;
  case KEY_SUMMARY: {
    // OPTION_ARG_OPTIONAL: no value (NULL) means 10; a value is a positive int in plain decimal.
    char *end;
    errno = 0;
    long n = arg == NULL ? 10 : strtol(arg, &end, 10);
    if (arg != NULL && (end == arg || *end != '\0' || !isdigit((unsigned char) *arg) || errno != 0 || n <= 0 || n > INT_MAX))
      argp_error(state, "the summary's length must be a positive integer");
    parsed.summary = (int) n;
    break;
  }
  case KEY_TUI:
    parsed.live = "tui";
    break;
  case KEY_WEB:
    parsed.live = "web";
    break;
  case 'h':
    if (!non_negative(arg, &parsed.heap))
      argp_error(state, "the heap size must be a positive integer");
    break;
  case 'x':
    if (!non_negative(arg, &parsed.exposure))
      argp_error(state, "the exposure must be a positive integer");
    break;
  case 'w':
    if (!positive(arg, &parsed.where))
      argp_error(state, "invalid PID");
    parsed.has_where = 1, parsed.has_pid = 0;
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
    if (parsed.live != NULL && (parsed.convert != NULL || parsed.has_where))
      argp_error(state, "the live views (--tui, --web) show a process while it is sampled: not with --convert or -w");
    if (parsed.convert != NULL) {
      if (parsed.command_len > 0 || parsed.has_pid || parsed.has_where)
        argp_error(state, "--convert reads a file: give it no command and no -p or -w PID");
      break;
    }
    if (parsed.command_len == 0 && !parsed.has_pid && !parsed.has_where)
      argp_error(state, "no command to run and no PID to attach to");
    if (parsed.command_len > 0 && parsed.has_pid)
      argp_error(state, "give either a command or -p PID, not both");
    if (parsed.command_len > 0 && parsed.has_where)
      argp_error(state, "give either a command or -w PID, not both");
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
  if (!austin_table)
    return;
  printf("format %s\npipe %d\nchildren %d\n", parsed.format < 0 ? "(none)" : format_names[parsed.format], parsed.pipe,
         parsed.children);
  if (parsed.has_where)
    printf("where %d\n", parsed.where);
  else
    printf("where (none)\n");
  printf("gc %d\nheap %ld\nexposure %ld\n", parsed.gc, parsed.heap, parsed.exposure);
  printf("asyncio %d\ngil %d\n", parsed.asyncio, parsed.gil);
  printf("convert %s\n", parsed.convert ? parsed.convert : "(none)");
  if (parsed.summary)
    printf("summary %d\n", parsed.summary);
  else
    printf("summary (none)\n");
  printf("live %s\n", parsed.live ? parsed.live : "(none)");
}

// The long options getopt knows when argp parses the austin table: the table's, then argp's own (argp-parse.c:
// --help, --usage, the hidden --program-name and --HANG, then --version), and whether each is established: one of
// the C austin 0.7.0's, argp's own visible ones included.
static struct option long_options[64];
static int established[64];

static int build_long_options(const struct argp_option *options) {
  int n = 0;
  for (; options->name != NULL || options->key != 0 || options->doc != NULL; options++) {
    if (options->name == NULL)
      continue;
    int has_arg = options->arg == NULL ? no_argument : options->flags & OPTION_ARG_OPTIONAL ? optional_argument : required_argument;
    long_options[n] = (struct option) {options->name, has_arg, NULL, 0};
    // Seniority (ArgpOption.Seniority): 0.7.0's 2, 3.7's 1, austin's own 0.
    established[n++] = options->group == 0 ? 2 : options->key == KEY_CONVERT || options->key == KEY_SUMMARY || options->key == KEY_TUI || options->key == KEY_WEB ? 0 : 1;
  }
  static const struct option own[] = {{"help", no_argument, NULL, 0}, {"usage", no_argument, NULL, 0},
    {"program-name", required_argument, NULL, 0}, {"HANG", optional_argument, NULL, 0}, {"version", no_argument, NULL, 0}};
  static const int own_established[] = {2, 2, 0, 0, 2};
  for (int i = 0; i < 5; i++) {
    long_options[n] = own[i];
    established[n++] = own_established[i];
  }
  long_options[n] = (struct option) {0};
  return n;
}

// austin's one deliberate difference from getopt (ArgpScanner.TheEstablishedOne): an abbreviation that several
// long options share means the one most senior of them (0.7.0's, then 3.7's), when it is the only one that senior. glibc's own getopt_long finds each
// ambiguous word where argp would meet it (it stops at the command and at "--" as argp does for austin, and
// takes option values as argp does), and the word is rewritten to the established option's full name before argp
// runs. Words that stay ambiguous are left to argp's error.
static void apply_established_prefixes(const struct argp_option *options, int argc, char **argv) {
  int n = build_long_options(options);
  char shorts[128] = "+";
  for (const struct argp_option *o = options; o->name != NULL || o->key != 0 || o->doc != NULL; o++) {
    if (o->key > 0 && o->key < 0x100) {
      size_t len = strlen(shorts);
      shorts[len] = (char) o->key;
      shorts[len + 1] = o->arg ? ':' : '\0';
      shorts[len + 2] = '\0';
    }
  }
  strcat(shorts, "?V");
  for (int rewritten = 1; rewritten; ) {
    rewritten = 0;
    opterr = 0;
    optind = 0;  // a full reinitialisation of getopt's state
    int c;
    while ((c = getopt_long(argc, argv, shorts, long_options, NULL)) != -1) {
      if (c != '?' || optopt != 0 || optind < 1 || strncmp(argv[optind - 1], "--", 2) != 0)
        continue;
      char *word = argv[optind - 1], *equals = strchr(word, '=');
      size_t length = equals ? (size_t) (equals - word - 2) : strlen(word + 2);
      int matches = 0, chosen = -1, chosen_count = 0, best = 0;
      for (int i = 0; i < n; i++) {
        if (strncmp(long_options[i].name, word + 2, length) == 0) {
          matches++;
          if (established[i] > best)
            chosen = i, chosen_count = 1, best = established[i];
          else if (established[i] == best && best > 0)
            chosen_count++;
        }
      }
      if (matches < 2 || chosen_count != 1)
        continue;
      char *full = malloc(strlen(long_options[chosen].name) + strlen(word) + 3);
      sprintf(full, "--%s%s", long_options[chosen].name, equals ? equals : "");
      argv[optind - 1] = full;
      rewritten = 1;
      break;
    }
  }
  opterr = 1;
  optind = 0;
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
  if (established_prefixes)
    apply_established_prefixes(options, argc, argv);
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
  established_prefixes = argc > 1 && strcmp(argv[1], "austin") == 0;
  austin_table = established_prefixes || (argc > 1 && strcmp(argv[1], "austin-getopt") == 0);
  struct argp_option *options = argc > 1 && strcmp(argv[1], "extended") == 0 ? extended_options
    : austin_table ? austin_options : seed_options;
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
