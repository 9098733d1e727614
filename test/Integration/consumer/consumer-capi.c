/*===- consumer-capi.c - An outside C program on tq's C API ---------------===*/

#include "tq-c/TQ.h"

#include <stdio.h>

static void print(MlirStringRef text, void *userData) {
  (void)userData;
  fwrite(text.data, 1, text.length, stdout);
}

int main(void) {
  MlirContext ctx = mlirContextCreate();
  const char *specs[] = {"nearest,8,4", "mxfp4", "nearest,8"};
  for (int i = 0; i < 3; ++i) {
    intptr_t column = -1;
    printf("%s: ", specs[i]);
    MlirAttribute q = mlirTQParseQuantizer(
        ctx, mlirStringRefCreateFromCString(specs[i]), print, NULL, &column);
    if (mlirAttributeIsNull(q)) {
      printf(" (column %ld)\n", (long)column);
      continue;
    }
    mlirAttributePrint(q, print, NULL);
    printf("\n");
  }
  mlirContextDestroy(ctx);
  return 0;
}
