/*
 * bare-scan: the floor for YAML parsing cost. Reads argv[1] into memory, pulls every
 * libyaml event (deleting each one) and prints the event count. Exits 1 on a parse error,
 * 2 on a usage or I/O error.
 *
 *   cc -O2 bare-scan.c $(pkg-config --cflags --libs yaml-0.1) -o bare-scan
 */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    FILE *file = fopen(argv[1], "rb");
    if (!file) {
        perror(argv[1]);
        return 2;
    }
    size_t capacity = 1 << 16, size = 0, n;
    unsigned char *bytes = malloc(capacity);
    while (bytes && (n = fread(bytes + size, 1, capacity - size, file)) > 0) {
        size += n;
        if (size == capacity) {
            unsigned char *grown = realloc(bytes, capacity *= 2);
            if (!grown) { free(bytes); bytes = NULL; }
            else bytes = grown;
        }
    }
    if (ferror(file)) {
        perror(argv[1]);
        fclose(file);
        free(bytes);
        return 2;
    }
    fclose(file);
    if (!bytes) {
        fprintf(stderr, "out of memory\n");
        return 2;
    }

    yaml_parser_t parser;
    yaml_event_t event;
    if (!yaml_parser_initialize(&parser)) {
        fprintf(stderr, "could not initialize the YAML parser\n");
        free(bytes);
        return 2;
    }
    yaml_parser_set_input_string(&parser, bytes, size);
    long events = 0;
    int status = 0;
    for (;;) {
        if (!yaml_parser_parse(&parser, &event)) {
            fprintf(stderr, "%s:%lu:%lu: %s\n", argv[1],
                    (unsigned long)parser.problem_mark.line + 1,
                    (unsigned long)parser.problem_mark.column + 1,
                    parser.problem ? parser.problem : "parse error");
            status = 1;
            break;
        }
        events++;
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        if (done) break;
    }
    yaml_parser_delete(&parser);
    free(bytes);
    if (status == 0) printf("%ld\n", events);
    return status;
}
