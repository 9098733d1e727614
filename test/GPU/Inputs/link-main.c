/* A C program around a module lowered by tq-gpu-pipeline (its @main renamed
   tq_main): the host code links against libtq_cuda_runtime.so. */
void tq_main(void);
int main(void) {
  tq_main();
  return 0;
}
